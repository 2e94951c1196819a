"""Where tests find factories: each app keeps its own in `<app>/factories.py` (or `<app>/tests/factories.py`).

`from shanglian.core.testing.factories import EnterpriseFactory` still works: a name not defined here
is looked up in the installed apps' factory modules, so core names no domain app (docs/DEVELOPING.md,
"Layers"). New tests import from the app that owns the model.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps

from shanglian.core.roles import Role

TEST_PASSWORD = "Test-pass-2026!"

ROLES = [
    Role.FEDERATION_ADMIN,
    Role.FEDERATION_LEADER,
    Role.CHAMBER_SECRETARY,
    Role.ENTERPRISE_USER,
    Role.DEPARTMENT_LIAISON,
]


@cache
def factory_modules() -> tuple[ModuleType, ...]:
    """Every installed app's factory module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("shanglian."):
            continue
        for sub in ("factories", "tests.factories"):
            name = f"{config.name}.{sub}"
            try:
                found.append(import_module(name))
            except ModuleNotFoundError as exc:
                if exc.name not in (name, f"{config.name}.tests"):
                    raise  # a factory module that fails to import is a bug, not a missing module
    return tuple(found)


def __getattr__(name: str) -> Any:
    if name.startswith("__"):  # the import system asks for __path__ and the like: not a factory
        raise AttributeError(name)
    for module in factory_modules():
        if name in vars(module):
            return vars(module)[name]
    raise AttributeError(f"no app defines a factory named {name!r}")
