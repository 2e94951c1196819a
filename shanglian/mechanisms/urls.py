from django.urls import path

from shanglian.mechanisms.views import rules

app_name = "mechanisms"
urlpatterns = [
    path("rules/", rules.rule_list, name="rule_list"),
    path("rules/new/", rules.rule_create, name="rule_create"),
    path("rules/<int:ruledocument_id>/edit/", rules.rule_edit, name="rule_edit"),
    path("rules/<int:ruledocument_id>/versions/new/", rules.rule_version_add, name="rule_version_add"),
    path("rules/<int:ruledocument_id>/repeal/", rules.rule_repeal, name="rule_repeal"),
]
