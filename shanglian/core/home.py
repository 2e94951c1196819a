"""The home page fitted to the role: the site layer registers one home per role (template and the
panels it shows); core picks the user's and adds the to-do list every home shows.

Core cannot read the domain apps (layers), so the homes that need them are registered from above
(shanglian/site/home.py). A user with several roles gets the home of the first in `PRECEDENCE`; a user
with none (a bare superuser) the plain to-do home.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, LIAISON, SECRETARY, VICE_CHAIR, roles_of

PRECEDENCE = (ADMIN, LEADER, SECRETARY, LIAISON, ENTERPRISE, VICE_CHAIR)


@dataclass(frozen=True)
class Home:
    template: str
    # request -> the template's own context (its panels); the to-do sections are added by the view.
    build: Callable[[HttpRequest], dict[str, Any]]
    # To-do sections the home's own panels already list (the liaison's 诉求办理): not shown twice.
    hide_sections: tuple[str, ...] = ()


_HOMES: dict[str, Home] = {}


def register(role: str, home: Home) -> None:
    _HOMES[role] = home


def home_of(user: Any) -> tuple[str, Home | None]:
    roles = roles_of(user)
    for role in PRECEDENCE:
        if role in roles:
            return role, _HOMES.get(role)
    return "", None
