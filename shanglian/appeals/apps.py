from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "shanglian.appeals"
    label = "appeals"
    verbose_name = "诉求反映"

    def ready(self) -> None:
        from shanglian.appeals.services import ensure_default_categories
        from shanglian.orgs.services import register_federation_setup

        # A federation set up through the orgs service starts with the default category tree, so no page
        # writes it on first use; not a post_save, which would seed every federation any code saves.
        register_federation_setup(ensure_default_categories)
