from django.urls import path

from shanglian.chambers import views

app_name = "chambers"
urlpatterns = [
    path("", views.chamber_list, name="chamber_list"),
    path("new/", views.chamber_found, name="chamber_found"),
    path("<int:chamber_id>/", views.chamber_detail, name="chamber_detail"),
    path("<int:chamber_id>/registration/", views.registration_edit, name="registration_edit"),
    path("<int:chamber_id>/charters/new/", views.charter_upload, name="charter_upload"),
    path("<int:chamber_id>/transition/", views.transition_request, name="transition_request"),
    path("<int:chamber_id>/irregular/", views.flag_irregular, name="flag_irregular"),
    path("<int:chamber_id>/ratings/new/", views.rating_apply, name="rating_apply"),
    path("charters/<int:charterversion_id>/download/", views.charter_download, name="charter_download"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:transitionrequest_id>/decide/", views.request_decide, name="request_decide"),
    path("cases/<int:rectificationcase_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:rectificationcase_id>/close/", views.case_close, name="case_close"),
    path("campaigns/upgrade/", views.campaign_upgrade, name="campaign_upgrade"),
    path("campaigns/cleanup/", views.campaign_cleanup, name="campaign_cleanup"),
    path("campaigns/founding/", views.campaign_founding, name="campaign_founding"),
    path("settings/", views.policy_edit, name="policy_edit"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("ratings/<int:rating_id>/", views.rating_detail, name="rating_detail"),
    path("ratings/<int:rating_id>/score/", views.rating_score, name="rating_score"),
    path("ratings/<int:rating_id>/decide/", views.rating_decide, name="rating_decide"),
    path("ratings/<int:rating_id>/certificate/", views.rating_certificate, name="rating_certificate"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:ratingindicator_id>/", views.indicator_edit, name="indicator_edit"),
]
