"""Streets stored as typed ("城阳街道", "城阳街道办事处", "城阳 ") become the code table's short name ("城阳"),
so the street filter finds them (orgs/streets.py). The changed enterprises are queued for the search index,
whose facet tokens carry the street."""

from django.db import migrations

from shanglian.orgs.streets import canonical


def normalise(apps, schema_editor):
    Enterprise = apps.get_model("registry", "Enterprise")
    Organization = apps.get_model("orgs", "Organization")
    Pending = apps.get_model("registry", "PendingSearchEntry")
    for model in (Enterprise, Organization):
        values = model._default_manager.exclude(street="").values_list("street", flat=True).distinct()
        for value in list(values):
            street = canonical(value)
            if street == value:
                continue
            rows = model._default_manager.filter(street=value)
            if model is Enterprise:
                Pending._default_manager.bulk_create(
                    [Pending(enterprise_id=pk) for pk in rows.values_list("pk", flat=True)],
                    ignore_conflicts=True,
                    batch_size=5000,
                )
            rows.update(street=street)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_enterprise_tally"),
        ("orgs", "0003_chamber_activity_stamp"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
