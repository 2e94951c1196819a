"""`manage.py seed_chengyang_2020`: the seed's own year (2020) as data, on top of the demo.

Loads the demo if it is not there, then calls `shanglian.<app>.seed2020.build(federation)` for every app
that has one, in INSTALLED_APPS order, so each domain tops up its records until its figures for
2020-01-01 … 2020-12-31 over 城阳区工商联 are the seed's. Each `build` is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import io
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule

from shanglian.metrics import caching
from shanglian.orgs.models import Organization

FEDERATION = "城阳区工商联（总商会）"


def seed_builders() -> list[tuple[str, Any]]:
    """(app name, build) for every app with a seed2020 module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("shanglian.") and module_has_submodule(config.module, "seed2020"):
            found.append((config.name, import_string(f"{config.name}.seed2020.build")))
    return found


def seed_2020() -> Organization:
    federation = Organization.objects.unscoped().filter(name=FEDERATION).first()
    if federation is None:
        call_command("load_demo", "--quiet-logins", stdout=io.StringIO())
        federation = Organization.objects.unscoped().get(name=FEDERATION)
    for _name, build in seed_builders():
        with transaction.atomic():
            build(federation)
        # Seeds may load rows in bulk (no save signals): figures cached before must not outlive them.
        caching.clear()
    return federation


class Command(BaseCommand):
    help = "在演示数据之上建立 2020 年（种子材料所述年度）的数据，使 2020 年各项指标与材料一致。可重复执行。"

    def handle(self, *args: Any, **opts: Any) -> None:
        if Organization.objects.unscoped().filter(name=FEDERATION).first() is None:
            self.stdout.write("未找到演示数据，先载入演示数据……")
        seed_2020()
        names = ", ".join(name.removeprefix("shanglian.") for name, _ in seed_builders())
        self.stdout.write(self.style.SUCCESS(f"2020 年度数据已就绪（{names}）。"))
