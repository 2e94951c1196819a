"""PostgreSQL only: exclusion constraints so overlapping terms / rotation slots can never be stored.

SQLite has no exclusion constraints; there the service layer's checks (with the chamber row locked)
are the guard. Not part of the model state, so makemigrations stays quiet.
"""

from django.db import migrations

CONSTRAINTS = [
    (
        "governance_term",
        "term_no_overlap",
        "EXCLUDE USING gist (chamber_id WITH =, organ WITH =, daterange(start_on, end_on, '[]') WITH &&)",
    ),
    (
        "governance_presidentrotation",
        "rotation_no_overlap_per_chamber",
        "EXCLUDE USING gist (chamber_id WITH =, daterange(start_on, end_on, '[]') WITH &&)",
    ),
    (
        "governance_presidentrotation",
        "rotation_no_overlap_per_person",
        "EXCLUDE USING gist (person_id WITH =, daterange(start_on, end_on, '[]') WITH &&)",
    ),
]


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, body in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {body}")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _ in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
