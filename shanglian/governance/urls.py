from django.urls import path

from shanglian.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("chambers/<int:organization_id>/", views.chamber_detail, name="chamber_detail"),
    path("terms/", views.term_list, name="term_list"),
    path("terms/new/", views.term_create, name="term_create"),
    path("terms/<int:term_id>/", views.term_detail, name="term_detail"),
    path("terms/<int:term_id>/edit/", views.term_edit, name="term_edit"),
    path("terms/<int:term_id>/delete/", views.term_delete, name="term_delete"),
    path("terms/<int:term_id>/members/", views.member_add, name="member_add"),
    path("members/<int:organmember_id>/delete/", views.member_remove, name="member_remove"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("rotations/", views.rotation_list, name="rotation_list"),
    path("rotations/new/", views.rotation_create, name="rotation_create"),
    path("rotations/<int:presidentrotation_id>/edit/", views.rotation_edit, name="rotation_edit"),
    path("rotations/<int:presidentrotation_id>/delete/", views.rotation_delete, name="rotation_delete"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:staffappointment_id>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:staffappointment_id>/delete/", views.staff_delete, name="staff_delete"),
]
