"""Fill the pinyin search columns of enterprises registered before they existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from shanglian.registry.codes import pinyin_of

    Enterprise = apps.get_model("registry", "Enterprise")
    batch = []
    for e in Enterprise._default_manager.filter(name_pinyin="").only("id", "name").iterator(chunk_size=2000):
        e.name_pinyin, e.name_initials = pinyin_of(e.name)
        batch.append(e)
        if len(batch) >= 2000:
            Enterprise._default_manager.bulk_update(batch, ["name_pinyin", "name_initials"])
            batch = []
    if batch:
        Enterprise._default_manager.bulk_update(batch, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_trigram_search")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
