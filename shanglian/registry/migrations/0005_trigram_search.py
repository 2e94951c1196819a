"""pg_trgm GIN indexes so the enterprise search box (LIKE '%…%') stays fast at a million rows.

PostgreSQL only: `TrigramExtension` already does nothing elsewhere, and the GIN indexes are wrapped in
`PostgresOnly` so SQLite migrates unchanged. The indexes live only in the database, not in the model
state (SQLite has no GIN), so `makemigrations --check` stays clean.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnly(migrations.operations.base.Operation):
    """Run the wrapped schema operation on PostgreSQL only; it leaves the model state alone."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"


def trigram(model, field, name):
    return PostgresOnly(
        migrations.AddIndex(model, GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name))
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_seed_industries_and_tags")]
    operations = [
        TrigramExtension(),
        trigram("enterprise", "name", "ent_name_trgm"),
        trigram("enterprise", "name_pinyin", "ent_pinyin_trgm"),
        trigram("enterprise", "name_initials", "ent_initials_trgm"),
        trigram("enterprise", "credit_code", "ent_credit_code_trgm"),
        trigram("enterprise", "legal_representative", "ent_legal_rep_trgm"),
        trigram("person", "name", "person_name_trgm"),
    ]
