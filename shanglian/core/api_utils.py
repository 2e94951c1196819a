from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from shanglian.core.roles import has_capability


def require(request: HttpRequest, capability: str) -> None:
    """API twin of @capability_required: 403 JSON when the role lacks the right."""
    if not has_capability(request.user, capability):
        raise PermissionDenied
