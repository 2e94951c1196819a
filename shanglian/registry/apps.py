from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "shanglian.registry"
    label = "registry"
    verbose_name = "企业与企业家库"
