from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "shanglian.promotion"
    label = "promotion"
    verbose_name = "助推平台"
