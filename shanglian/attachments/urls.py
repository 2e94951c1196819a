from django.urls import path

from shanglian.attachments import views

app_name = "attachments"

urlpatterns = [
    path("<int:attachment_id>/", views.download, name="download"),
]
