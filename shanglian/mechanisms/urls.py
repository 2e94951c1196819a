from django.urls import path

from shanglian.mechanisms.views import filings, rules

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
]
