from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "shanglian.ops"
    label = "ops"
    verbose_name = "运维"
