from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "shanglian.guidance"
    label = "guidance"
    verbose_name = "引导平台"

    def ready(self) -> None:
        from shanglian.guidance import imports

        imports.register()  # the donation list import, declared to the import engine
