from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "shanglian.attachments"
    label = "attachments"
    verbose_name = "附件"
