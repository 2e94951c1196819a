"""Demo data: 城阳区工商联 with the seed's streets and chambers. Apps add their part in demo.py.

Each app's `demo.py` defines `load(ctx: DemoContext)`; they run in INSTALLED_APPS order after the
foundation (orgs, users, enterprises) is in place, so later apps can use what earlier ones made.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string, module_has_submodule
from faker import Faker

DEMO_PASSWORD = "Shanglian@2026"


@dataclass
class DemoContext:
    rng: random.Random
    fake: Faker
    federation: Any = None
    city: Any = None
    chambers: dict[str, Any] = field(default_factory=dict)  # name -> Organization
    departments: dict[str, Any] = field(default_factory=dict)  # name -> Organization
    enterprises: list[Any] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)  # username -> (User, role label, where)
    today: date = date(2026, 11, 25)


def run_app_demos(ctx: DemoContext) -> None:
    for config in apps.get_app_configs():
        is_app = config.name.startswith("shanglian.") and config.name not in (
            "shanglian.core",
            "shanglian.site",
        )
        if is_app and module_has_submodule(config.module, "demo"):
            import_string(f"{config.name}.demo.load")(ctx)
