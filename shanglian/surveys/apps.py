from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "shanglian.surveys"
    label = "surveys"
    verbose_name = "线上调查"
