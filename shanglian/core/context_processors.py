from typing import Any

from django.http import HttpRequest

from shanglian.core.menu import breadcrumb_of, menu_for, menu_title
from shanglian.core.roles import Role, assignments_of


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    assignments = assignments_of(user)
    labels = dict(Role.choices)
    menu = menu_for(user, request.path)
    return {
        "menu": menu,
        "breadcrumb": breadcrumb_of(menu, request.path),
        "menu_title": menu_title(menu, request.path),
        "user_roles": [
            {
                "role": labels.get(a.role, a.role),
                "where": a.enterprise.name
                if a.enterprise_id
                else (a.organization.name if a.organization_id else ""),
            }
            for a in assignments
        ],
    }
