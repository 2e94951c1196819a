from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "shanglian.appeals"
    label = "appeals"
    verbose_name = "诉求反映"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from shanglian.appeals.signals import seed_categories_of_new_federation
        from shanglian.orgs.models import Organization

        post_save.connect(
            seed_categories_of_new_federation, sender=Organization, dispatch_uid="appeals-default-categories"
        )
