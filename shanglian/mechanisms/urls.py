from django.urls import path

from shanglian.mechanisms.views import consultations, filings, rules, signoff, suggestions

app_name = "mechanisms"
urlpatterns = [
    path("rules/", rules.rule_list, name="rule_list"),
    path("rules/new/", rules.rule_create, name="rule_create"),
    path("rules/<int:ruledocument_id>/edit/", rules.rule_edit, name="rule_edit"),
    path("rules/<int:ruledocument_id>/versions/new/", rules.rule_version_add, name="rule_version_add"),
    path("rules/<int:ruledocument_id>/repeal/", rules.rule_repeal, name="rule_repeal"),
    path("filings/", filings.filing_list, name="filing_list"),
    path("filings/new/", filings.filing_create, name="filing_create"),
    path("filings/<int:filing_id>/", filings.filing_detail, name="filing_detail"),
    path("filings/<int:filing_id>/step/", filings.filing_step, name="filing_step"),
    path("filing-types/", filings.filingtype_list, name="filingtype_list"),
    path("filing-types/new/", filings.filingtype_create, name="filingtype_create"),
    path("filing-types/<int:filingtype_id>/edit/", filings.filingtype_edit, name="filingtype_edit"),
    path("rounds/", signoff.round_list, name="round_list"),
    path("rounds/new/", signoff.round_create, name="round_create"),
    path("rounds/<int:signoffround_id>/", signoff.round_detail, name="round_detail"),
    path("rounds/<int:signoffround_id>/sign/", signoff.round_sign, name="round_sign"),
    path("vice-chairs/", signoff.vicechair_list, name="vicechair_list"),
    path("vice-chairs/new/", signoff.vicechair_create, name="vicechair_create"),
    path("vice-chairs/<int:vicechair_id>/login/", signoff.vicechair_login, name="vicechair_login"),
    path("suggestions/", suggestions.suggestion_list, name="suggestion_list"),
    path("suggestions/new/", suggestions.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:suggestion_id>/", suggestions.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:suggestion_id>/step/", suggestions.suggestion_step, name="suggestion_step"),
    path(
        "suggestions/<int:suggestion_id>/progress/",
        suggestions.suggestion_progress,
        name="suggestion_progress",
    ),
    path(
        "suggestions/<int:suggestion_id>/recognise/",
        suggestions.suggestion_recognise,
        name="suggestion_recognise",
    ),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path(
        "consultations/<int:consultation_id>/", consultations.consultation_detail, name="consultation_detail"
    ),
    path(
        "consultations/<int:consultation_id>/comment/",
        consultations.consultation_comment,
        name="consultation_comment",
    ),
    path(
        "consultations/<int:consultation_id>/step/", consultations.consultation_step, name="consultation_step"
    ),
    path("opinions/<int:opinion_id>/answer/", consultations.opinion_answer, name="opinion_answer"),
    path("district-meetings/", consultations.meeting_list, name="meeting_list"),
    path("district-meetings/new/", consultations.meeting_create, name="meeting_create"),
]
