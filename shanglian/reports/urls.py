from django.urls import path

from shanglian.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:workreport_id>/", views.report_detail, name="detail"),
    path("<int:workreport_id>/print/", views.report_print, name="print"),
    path("templates/", views.template_edit, name="template_edit"),
    path("templates/reset/", views.template_reset, name="template_reset"),
    path("templates/<int:reporttemplate_id>/", views.template_detail, name="template_detail"),
    path("templates/<int:reporttemplate_id>/restore/", views.template_restore, name="template_restore"),
]
