"""PostgreSQL-only operations of 0007_search_table (a module, not a migration: its name starts with _)."""

from django.db import migrations

TRIGRAM_INDEXES = {
    "ent_name_trgm": "name",
    "ent_pinyin_trgm": "name_pinyin",
    "ent_initials_trgm": "name_initials",
    "ent_credit_code_trgm": "credit_code",
    "ent_legal_rep_trgm": "legal_representative",
}


def _on_postgres(sql, reverse_sql):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql)

    return migrations.RunPython(forwards, backwards, elidable=False)


def drop_enterprise_trigram_indexes():
    return [
        _on_postgres(
            f"DROP INDEX IF EXISTS {name}",
            f"CREATE INDEX IF NOT EXISTS {name} ON registry_enterprise USING gin ({field} gin_trgm_ops)",
        )
        for name, field in TRIGRAM_INDEXES.items()
    ]


def create_grams_index():
    # Frozen here; registry.search.GRAMS_EXPRESSION must stay equal (test_search_index checks the plan).
    return _on_postgres(
        """CREATE INDEX IF NOT EXISTS ent_search_grams_gin ON registry_enterprisesearch
           USING gin ((string_to_array(grams COLLATE "C", ' ')))""",
        "DROP INDEX IF EXISTS ent_search_grams_gin",
    )


def fill_search_table():
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            from shanglian.registry import search

            search.refresh()

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
