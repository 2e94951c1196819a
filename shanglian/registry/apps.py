from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_codes(sender, using="default", **kwargs):
    """Re-seed the shared code tables (行业分类, 标签) after a flush, as Django does for content types.

    The data migration seeds them once; a TransactionTestCase (browser tests) flushes every table and
    then sends post_migrate, which lands here.
    """
    import importlib

    from django.apps import apps
    from django.db import DatabaseError

    try:
        Industry = apps.get_model("registry", "Industry")
        Tag = apps.get_model("registry", "Tag")
        if Industry.objects.using(using).count() >= 117 and Tag.objects.using(using).count() >= 4:
            return
        seed = importlib.import_module("shanglian.registry.migrations.0004_seed_industries_and_tags").seed
        seed(apps, None)
    except DatabaseError:  # tables not migrated yet (partial migrate)
        return


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags are search facets (registry.search): re-index the enterprises whose tags changed."""
    if not action.startswith("post_"):
        return
    from shanglian.registry import search

    if reverse:  # tag.enterprises.add(...): instance is the tag
        search.reindex(pk_set or [])
    else:
        search.reindex([instance.pk])


class RegistryConfig(AppConfig):
    name = "shanglian.registry"
    label = "registry"
    verbose_name = "企业与企业家库"

    def ready(self):
        from django.db.models.signals import m2m_changed

        from shanglian.registry import enterprise_tally, imports, member_tally, pickers
        from shanglian.registry.models import Enterprise

        member_tally.connect()
        enterprise_tally.connect()
        pickers.register()  # enterprises, people, industries for the type-ahead selects (core/pickers.py)
        imports.register()  # the roster and person imports, declared to the import engine

        post_migrate.connect(ensure_codes, sender=self, dispatch_uid="registry_ensure_codes")
        m2m_changed.connect(tags_changed, sender=Enterprise.tags.through, dispatch_uid="registry_tags_search")
