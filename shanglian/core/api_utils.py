from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.parser import Parser

from shanglian.core.roles import has_capability
from shanglian.core.text import remove_zero_width


def require(request: HttpRequest, capability: str) -> None:
    """API twin of @capability_required: 403 JSON when the role lacks the right."""
    if not has_capability(request.user, capability):
        raise PermissionDenied


class CleaningParser(Parser):
    """The API's JSON parser with zero-width characters removed from every string, as forms and the
    import do (`core.text`); unsafe characters were refused before (`ApiTextGuardMiddleware`)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = remove_zero_width(super().parse_body(request))
        return data
