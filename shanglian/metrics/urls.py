from django.urls import path

from shanglian.metrics import views

app_name = "metrics"
urlpatterns = [
    path("cockpit/", views.cockpit_page, name="cockpit"),
    path("cockpit/data/", views.cockpit_data, name="cockpit_data"),
    path("drill/", views.drill, name="drill"),
]
