from typing import Any

from django.apps import AppConfig


def set_trigram_threshold(sender: Any, connection: Any, **kwargs: Any) -> None:
    """pg_trgm's `%` threshold for the matching's keyword words (cooperation/matching.py), set once per
    connection as it opens: per query it would cost a statement on every posting page. Nothing else in
    the project uses the `%` operator (the appeals' duplicate check compares similarity() explicitly)."""
    if connection.vendor == "postgresql":
        from shanglian.cooperation.matching import SIMILARITY_THRESHOLD

        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])


class CooperationConfig(AppConfig):
    name = "shanglian.cooperation"
    label = "cooperation"
    verbose_name = "合作与联络"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(set_trigram_threshold, dispatch_uid="cooperation_trgm_threshold")
