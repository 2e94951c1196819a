from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "shanglian.orgs"
    label = "orgs"
    verbose_name = "组织"
