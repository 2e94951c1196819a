from django.urls import path

from shanglian.core import views

app_name = "core"
urlpatterns = [path("", views.home, name="home"), path("pick/", views.pick, name="pick")]
