from django.urls import path

from shanglian.guidance.views import assistance, campaigns, donations, imports, own, totals

app_name = "guidance"
urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:campaign_id>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/import/", imports.donation_import, name="donation_import"),
    path("imports/<int:importjob_id>/", imports.import_job, name="import_job"),
    path("imports/<int:importjob_id>/errors/", imports.import_errors, name="import_errors"),
    path("donations/", donations.donation_list, name="donation_list"),
    path("donations/new/", donations.donation_create, name="donation_create"),
    path("donations/<int:donation_id>/", donations.donation_detail, name="donation_detail"),
    path("donations/<int:donation_id>/edit/", donations.donation_edit, name="donation_edit"),
    path("donations/<int:donation_id>/deliver/", donations.donation_deliver, name="donation_deliver"),
    path("donations/<int:donation_id>/receipt/", donations.donation_receipt, name="donation_receipt"),
    path("donations/<int:donation_id>/correct/", donations.donation_correct, name="donation_correct"),
    path("totals/", totals.totals_page, name="totals"),
    path("figures/", totals.drill, name="drill"),
    path("purchases/", assistance.purchase_list, name="purchase_list"),
    path("purchases/new/", assistance.purchase_create, name="purchase_create"),
    path("facilities/", assistance.facility_list, name="facility_list"),
    path("facilities/new/", assistance.facility_create, name="facility_create"),
    path("volunteers/", assistance.team_list, name="team_list"),
    path("volunteers/new/", assistance.team_create, name="team_create"),
    path("volunteers/<int:team_id>/", assistance.team_detail, name="team_detail"),
    path("volunteers/<int:team_id>/activities/new/", assistance.activity_create, name="activity_create"),
    path("my/", own.my_giving, name="my_giving"),
    path("my/<int:donation_id>/certificate/", own.certificate, name="certificate"),
]
