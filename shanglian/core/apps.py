from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "shanglian.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self) -> None:
        # Every app declares its menu entries and home-page to-dos in its own menu.py / todos.py.
        autodiscover_modules("menu")
        autodiscover_modules("todos")
        # 一企一档: apps add what they record about an enterprise in timeline.py (core/timeline.py).
        autodiscover_modules("timeline")
        # Periodic jobs (`@cron` over a django-tasks task) live in each app's jobs.py; see core/schedule.py.
        autodiscover_modules("jobs")
        from django.contrib.auth.signals import user_logged_in

        from shanglian.core.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="shanglian.core.stamp_login")
        # A write to any of the project's tables voids the cached to-do lists (core/todos.py).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from shanglian.core.todos import data_changed_by_model

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(data_changed_by_model, dispatch_uid=f"shanglian.core.todos.{signal!r}")
