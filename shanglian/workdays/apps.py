from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "shanglian.workdays"
    label = "workdays"
    verbose_name = "工作日历"
