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
    path("<int:survey_id>/export/", views.survey_export, name="export"),
    path("<int:survey_id>/answer/", views.survey_answer, name="answer"),
    path("questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
]
