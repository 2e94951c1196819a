from django.apps import AppConfig


class ChambersConfig(AppConfig):
    name = "shanglian.chambers"
    label = "chambers"
    verbose_name = "商会建设"

    def ready(self):
        # Our own activity sources (transitions, ratings, charters) join the registry.
        from shanglian.chambers import activity

        activity.register_builtin_sources()
