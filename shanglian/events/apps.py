from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "shanglian.events"
    label = "events"
    verbose_name = "活动与会议"
