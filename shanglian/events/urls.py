from django.urls import path

from shanglian.events import views, views_briefings, views_points

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:event_id>/", views.event_detail, name="event_detail"),
    path("<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_id>/register/", views.event_register, name="event_register"),
    path("<int:event_id>/door/", views.event_door, name="event_door"),
    path("<int:event_id>/walk-in/", views.event_walk_in, name="event_walk_in"),
    path("<int:event_id>/minutes/", views.event_minutes, name="event_minutes"),
    path("<int:event_id>/questions/", views_briefings.briefing_ask, name="briefing_ask"),
    path(
        "questions/briefing/<int:briefingquestion_id>/answer/",
        views_briefings.briefing_answer,
        name="briefing_answer",
    ),
    path(
        "registrations/<int:registration_id>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
    path(
        "registrations/<int:registration_id>/accept/", views.registration_accept, name="registration_accept"
    ),
    path(
        "registrations/<int:registration_id>/decline/",
        views.registration_decline,
        name="registration_decline",
    ),
]

urlpatterns += [
    path("points/", views_points.point_list, name="point_list"),
    path("points/new/", views_points.point_create, name="point_create"),
    path("points/<int:servicepoint_id>/", views_points.point_detail, name="point_detail"),
    path("points/<int:servicepoint_id>/slots/", views_points.slot_add, name="slot_add"),
    path("points/<int:servicepoint_id>/ask/", views_points.question_ask, name="question_ask"),
    path("slots/<int:serviceslot_id>/book/", views_points.slot_book, name="slot_book"),
    path("bookings/<int:booking_id>/cancel/", views_points.booking_cancel, name="booking_cancel"),
    path("questions/<int:question_id>/answer/", views_points.question_answer, name="question_answer"),
]
