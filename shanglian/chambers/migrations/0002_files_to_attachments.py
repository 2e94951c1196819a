from django.db import migrations

from shanglian.attachments.migrating import move_field_files


def forwards(apps, schema_editor):
    move_field_files(
        apps,
        model="chambers.CharterVersion",
        field="file",
        use="chambers.charter",
        uploaded_by=lambda v: v.uploaded_by_id,
        uploaded_at=lambda v: v.uploaded_at,
    )
    move_field_files(
        apps,
        model="chambers.Rating",
        field="certificate",
        use="chambers.certificate",
        uploaded_by=lambda r: r.decided_by_id,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("chambers", "0001_initial"),
        ("attachments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
