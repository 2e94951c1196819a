from django.urls import path

from shanglian.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("new/template/", views.survey_from_template, name="from_template"),
    path("mine/", views.my_surveys, name="mine"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/publish/", views.survey_publish, name="publish"),
    path("<int:survey_id>/close/", views.survey_close, name="close"),
    path("<int:survey_id>/results/", views.survey_results, name="results"),
    path("<int:survey_id>/crosstab/", views.survey_crosstab, name="crosstab"),
    path("<int:survey_id>/export/", views.survey_export, name="export"),
    path("<int:survey_id>/answer/", views.survey_answer, name="answer"),
    path("questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("<int:survey_id>/quotas/", views.quota_add, name="quota_add"),
    path("quotas/<int:quota_id>/delete/", views.quota_delete, name="quota_delete"),
    path("answers/<int:answer_id>/appeal/", views.answer_appeal, name="answer_appeal"),
    path("responses/<int:response_id>/approve/", views.response_approve, name="response_approve"),
    path("responses/<int:response_id>/send-back/", views.response_send_back, name="response_send_back"),
]
