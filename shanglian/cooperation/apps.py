from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "shanglian.cooperation"
    label = "cooperation"
    verbose_name = "合作与联络"
