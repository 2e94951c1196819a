from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "shanglian.party"
    label = "party"
    verbose_name = "党建"
