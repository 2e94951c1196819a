"""Supply–demand matching in the database: each posting's keywords as words (`match_text`) under a GIN
trigram index (pg_trgm, as the appeals' duplicate check uses). PostgreSQL only for the extension and the
index: SQLite migrates the column alone, and matching there scores in Python (cooperation/matching.py)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


def fill(apps, schema_editor):
    from shanglian.cooperation.keywords import match_text

    Posting = apps.get_model("cooperation", "Posting")
    rows = list(Posting._base_manager.only("pk", "title", "description"))
    for row in rows:
        row.match_text = match_text(f"{row.title} {row.description}")
    Posting._base_manager.bulk_update(rows, ["match_text"], batch_size=2000)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS coop_posting_match_trgm ON cooperation_posting "
            "USING gin (match_text gin_trgm_ops)"
        )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS coop_posting_match_trgm")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="posting",
            name="match_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="匹配关键词"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, unindex, elidable=False),
    ]
