from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "shanglian.guidance"
    label = "guidance"
    verbose_name = "引导平台"
