from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkflowConfig(AppConfig):
    name = "shanglian.workflow"
    label = "workflow"
    verbose_name = "流程"

    def ready(self) -> None:
        # Every app declares its workflows in its own workflows.py, as it does menus and to-dos.
        autodiscover_modules("workflows")
