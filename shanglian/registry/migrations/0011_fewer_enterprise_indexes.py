"""Three btrees off registry_enterprise, each a cost to every imported row and none used by a query any
more: the street + name index and the industry index (filters go through registry.search's facet
tokens, or walk ent_fed_pinyin_idx), and the varchar_pattern_ops twin Django adds to the unique credit
code (the credit-code search is a substring search, which no btree serves)."""

from django.db import migrations, models

LIKE_INDEX = "registry_enterprise_credit_code_ac7747e2_like"


def drop_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {LIKE_INDEX}")


def create_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {LIKE_INDEX} ON registry_enterprise (credit_code varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_person_id_number_unique")]

    operations = [
        migrations.RemoveIndex(model_name="enterprise", name="ent_fed_street_pinyin_idx"),
        migrations.AlterField(
            model_name="enterprise",
            name="industry",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="enterprises",
                to="registry.industry",
                verbose_name="所属行业",
            ),
        ),
        migrations.RunPython(drop_like_index, create_like_index),
    ]
