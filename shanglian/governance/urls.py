from django.urls import path

from shanglian.governance.views import meetings, overview, staffing, terms

app_name = "governance"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("chambers/<int:organization_id>/", overview.chamber_detail, name="chamber_detail"),
    path("terms/", terms.term_list, name="term_list"),
    path("terms/new/", terms.term_create, name="term_create"),
    path("terms/<int:term_id>/", terms.term_detail, name="term_detail"),
    path("terms/<int:term_id>/edit/", terms.term_edit, name="term_edit"),
    path("terms/<int:term_id>/delete/", terms.term_delete, name="term_delete"),
    path("terms/<int:term_id>/members/", terms.member_add, name="member_add"),
    path("members/<int:organmember_id>/delete/", terms.member_remove, name="member_remove"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path("rotations/", staffing.rotation_list, name="rotation_list"),
    path("rotations/new/", staffing.rotation_create, name="rotation_create"),
    path("rotations/<int:presidentrotation_id>/edit/", staffing.rotation_edit, name="rotation_edit"),
    path("rotations/<int:presidentrotation_id>/delete/", staffing.rotation_delete, name="rotation_delete"),
    path("staff/", staffing.staff_list, name="staff_list"),
    path("staff/new/", staffing.staff_create, name="staff_create"),
    path("staff/<int:staffappointment_id>/edit/", staffing.staff_edit, name="staff_edit"),
    path("staff/<int:staffappointment_id>/delete/", staffing.staff_delete, name="staff_delete"),
]
