from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MetricsConfig(AppConfig):
    name = "shanglian.metrics"
    label = "metrics"
    verbose_name = "指标"

    def ready(self) -> None:
        # Every domain app declares its figures in its own metrics.py (like menu.py / todos.py).
        autodiscover_modules("metrics")
        from shanglian.core.roles import ADMIN, LEADER, SECRETARY, register_capabilities
        from shanglian.metrics import caching

        # Here rather than in api.py/views.py: scripts and services ask for it without the URLs loaded.
        register_capabilities({"metrics.view": {ADMIN, LEADER, SECRETARY}})
        caching.connect()
