"""Every federation that existed before categories were seeded at creation gets the default tree now (the
appeal form used to write it on its first GET)."""

from django.db import migrations

# A copy of services.categories.DEFAULTS as they stood: a migration must not follow later edits of the code.
DEFAULTS = (
    ("融资", False),
    ("用工", False),
    ("税费", False),
    ("政策咨询", False),
    ("市场准入", False),
    ("法律/权益保护", True),
    ("基础设施", False),
    ("其他", False),
)


def seed(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    AppealCategory = apps.get_model("appeals", "AppealCategory")
    have = set(AppealCategory._default_manager.values_list("federation_id", flat=True))
    rows = [
        AppealCategory(federation_id=fed, name=name, rights_protection=rights, order=order)
        for fed in Organization._default_manager.filter(kind="federation").exclude(pk__in=have).values_list("pk", flat=True)
        for order, (name, rights) in enumerate(DEFAULTS, start=1)
    ]
    AppealCategory._default_manager.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0004_dispatch_suggestion"),
        ("orgs", "0003_chamber_activity_stamp"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
