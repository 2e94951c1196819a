"""The project's URLs plus the baseline: a bare authenticated Django page (login required, database
session, 20 rows read from PostgreSQL, a small template), served by the same gunicorn as the pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as project_urls

BARE = engines["django"].from_string(
    "<!doctype html><html><body><h1>{{ user.username }}</h1><ul>{% for r in rows %}<li>{{ r.0 }} {{ r.1 }}</li>"
    "{% endfor %}</ul></body></html>"
)


@login_required
def bare(request):
    from shanglian.audit.models import AuditEntry

    rows = list(AuditEntry.unscoped_objects.order_by("-pk").values_list("pk", "object_repr")[:20])
    return HttpResponse(BARE.render({"user": request.user, "rows": rows}))


urlpatterns = [path("bench/bare/", bare), *project_urls]
