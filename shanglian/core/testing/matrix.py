"""Makers for the generated access-matrix test (tests/test_access_matrix.py).

Every URL pattern with an object id is checked for every role: an object owned by another tenant,
or by another chamber, must never be shown or changed. The test finds the model from the URL kwarg
(`<int:enterprise_id>` -> Enterprise) and asks a maker to build one owned by a given chamber. An app
that adds a view with a new id kwarg registers a maker in its `tests/makers.py`, or the test fails.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Maker = Callable[["Owner"], Any]

_MAKERS: dict[str, Maker] = {}


@dataclass
class Owner:
    """What an object belongs to in one test case: a chamber, its federation, a member enterprise."""

    federation: object
    chamber: object
    enterprise: object
    department: object | None = None
    made: dict[str, Any] = field(default_factory=dict)

    def get(self, kwarg: str) -> Any:
        """The object for a URL kwarg, made once per owner so nested URLs get consistent parents."""
        if kwarg not in self.made:
            if kwarg not in _MAKERS:
                raise LookupError(kwarg)
            self.made[kwarg] = _MAKERS[kwarg](self)
        return self.made[kwarg]


def register(kwarg: str) -> Callable[[Maker], Maker]:
    """Decorator: @register("enterprise_id") def make(owner) -> object owned by owner.chamber/enterprise."""

    def decorator(fn: Maker) -> Maker:
        _MAKERS[kwarg] = fn
        return fn

    return decorator


def known_kwargs() -> set[str]:
    return set(_MAKERS)
