from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shanglian.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from shanglian.audit import signals  # noqa: F401
