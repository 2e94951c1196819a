from django.db import migrations


def seed(apps, schema_editor):
    from shanglian.workdays.seeding import seed_model

    seed_model(apps.get_model("workdays", "WorkingDay"), source="chinesecalendar")


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
