from django.urls import path

from shanglian.cooperation import views, views_supply

app_name = "cooperation"
urlpatterns = [
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/new/", views.deal_create, name="deal_create"),
    path("deals/<int:deal_id>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:deal_id>/amend/", views.deal_amend, name="deal_amend"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:investmentproject_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:investmentproject_id>/advance/", views.project_advance, name="project_advance"),
    path("projects/<int:investmentproject_id>/talks/new/", views.talk_create, name="talk_create"),
    path("liaisons/", views.liaison_list, name="liaison_list"),
    path("liaisons/new/", views.liaison_create, name="liaison_create"),
    path("liaisons/<int:liaison_id>/edit/", views.liaison_edit, name="liaison_edit"),
    path("friendly-chambers/", views.friendly_list, name="friendly_list"),
    path("friendly-chambers/new/", views.friendly_create, name="friendly_create"),
    path("friendly-chambers/<int:friendlychamber_id>/edit/", views.friendly_edit, name="friendly_edit"),
]

urlpatterns += [
    path("postings/", views_supply.posting_list, name="posting_list"),
    path("postings/new/", views_supply.posting_create, name="posting_create"),
    path("postings/<int:posting_id>/", views_supply.posting_detail, name="posting_detail"),
    path("postings/<int:posting_id>/review/", views_supply.posting_review, name="posting_review"),
    path("postings/<int:posting_id>/close/", views_supply.posting_close, name="posting_close"),
    path("postings/<int:posting_id>/interest/", views_supply.posting_interest, name="posting_interest"),
    path("postings/<int:posting_id>/match/", views_supply.match_propose, name="match_propose"),
    path("matches/<int:match_id>/schedule/", views_supply.match_schedule, name="match_schedule"),
    path("matches/<int:match_id>/agree/", views_supply.match_agree, name="match_agree"),
    path("matches/<int:match_id>/fail/", views_supply.match_fail, name="match_fail"),
]
