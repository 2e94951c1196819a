from django.db import migrations

from shanglian.attachments.migrating import move_field_files


def forwards(apps, schema_editor):
    move_field_files(
        apps, model="governance.Meeting", field="minutes", use="governance.minutes", uploaded_at=lambda m: m.updated_at
    )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_no_overlap_postgres"),
        ("attachments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
