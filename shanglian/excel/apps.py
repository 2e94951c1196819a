from django.apps import AppConfig


class ExcelConfig(AppConfig):
    name = "shanglian.excel"
    verbose_name = "Excel 导入导出"
    default_auto_field = "django.db.models.BigAutoField"
