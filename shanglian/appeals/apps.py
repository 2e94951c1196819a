from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "shanglian.appeals"
    label = "appeals"
    verbose_name = "诉求反映"
