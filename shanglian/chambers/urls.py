from django.urls import path

from shanglian.chambers.views import campaigns, directory, ratings, status

app_name = "chambers"
urlpatterns = [
    path("", directory.chamber_list, name="chamber_list"),
    path("new/", campaigns.chamber_found, name="chamber_found"),
    path("<int:chamber_id>/", directory.chamber_detail, name="chamber_detail"),
    path("<int:chamber_id>/registration/", directory.registration_edit, name="registration_edit"),
    path("<int:chamber_id>/charters/new/", directory.charter_upload, name="charter_upload"),
    path("<int:chamber_id>/transition/", status.transition_request, name="transition_request"),
    path("<int:chamber_id>/irregular/", status.flag_irregular, name="flag_irregular"),
    path("<int:chamber_id>/ratings/new/", ratings.rating_apply, name="rating_apply"),
    path("requests/", status.request_list, name="request_list"),
    path("requests/<int:transitionrequest_id>/decide/", status.request_decide, name="request_decide"),
    path("cases/<int:rectificationcase_id>/", status.case_detail, name="case_detail"),
    path("cases/<int:rectificationcase_id>/close/", status.case_close, name="case_close"),
    path("campaigns/upgrade/", campaigns.campaign_upgrade, name="campaign_upgrade"),
    path("campaigns/cleanup/", campaigns.campaign_cleanup, name="campaign_cleanup"),
    path("campaigns/founding/", campaigns.campaign_founding, name="campaign_founding"),
    path("settings/", campaigns.policy_edit, name="policy_edit"),
    path("ratings/", ratings.rating_list, name="rating_list"),
    path("ratings/<int:rating_id>/", ratings.rating_detail, name="rating_detail"),
    path("ratings/<int:rating_id>/score/", ratings.rating_score, name="rating_score"),
    path("ratings/<int:rating_id>/decide/", ratings.rating_decide, name="rating_decide"),
    path("indicators/", ratings.indicator_list, name="indicator_list"),
    path("indicators/<int:ratingindicator_id>/", ratings.indicator_edit, name="indicator_edit"),
]
