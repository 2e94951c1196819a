from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The whole site: what needs every app at once (demo loader, the two-tenant test world).

    It sits above the domain apps so every import arrow points down (see docs/DEVELOPING.md, "Layers").
    """

    name = "shanglian.site"
    label = "site"
    verbose_name = "整站"

    def ready(self) -> None:
        from shanglian.site import home

        home.register()
