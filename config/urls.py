from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api

urlpatterns = [
    path("", include("shanglian.core.urls")),
    path("", include("shanglian.ops.urls")),
    path("accounts/", include("shanglian.accounts.urls")),
    path("orgs/", include("shanglian.orgs.urls")),
    path("audit/", include("shanglian.audit.urls")),
    path("registry/import/", include("shanglian.registry.import_urls")),
    path("registry/", include("shanglian.registry.urls")),
    path("chambers/", include("shanglian.chambers.urls")),
    path("governance/", include("shanglian.governance.urls")),
    path("party/", include("shanglian.party.urls")),
    path("reports/", include("shanglian.reports.urls")),
    path("promotion/", include("shanglian.promotion.urls")),
    path("surveys/", include("shanglian.surveys.urls")),
    path("appeals/", include("shanglian.appeals.urls")),
    path("guidance/", include("shanglian.guidance.urls")),
    path("mechanisms/", include("shanglian.mechanisms.urls")),
    path("events/", include("shanglian.events.urls")),
    path("cooperation/", include("shanglian.cooperation.urls")),
    path("files/", include("shanglian.attachments.urls")),
    path("workdays/", include("shanglian.workdays.urls")),
    path("notifications/", include("shanglian.notifications.urls")),
    path("metrics/", include("shanglian.metrics.urls")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]

handler400 = "shanglian.core.views.bad_request"
handler403 = "shanglian.core.views.permission_denied"
handler404 = "shanglian.core.views.page_not_found"
handler500 = "shanglian.core.views.server_error"
