from django.urls import path

from shanglian.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("<int:auditentry_id>/", views.entry_detail, name="entry_detail"),
]
