from django.urls import path

from . import question_views, review, spreadsheet_views, views

app_name = "applications"
urlpatterns = [
    path("cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.overview, name="overview"),
    path("applications/<int:pk>/check/", views.check, name="check"),
    path("applications/<int:pk>/sent/", views.sent, name="sent"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("applications/<int:pk>/<slug:key>/", views.section, name="section"),
    path("about-me/", views.about_me, name="about_me"),
    path("programmes/<slug:slug>/questions/", question_views.questions, name="questions"),
    path(
        "programmes/<slug:slug>/questions/<int:question_pk>/",
        question_views.question_edit,
        name="question_edit",
    ),
    path(
        "programmes/<slug:slug>/questions/<int:question_pk>/remove/",
        question_views.question_remove,
        name="question_remove",
    ),
    path("approve/<str:token>/", views.approve, name="approve"),
    path("cohorts/<int:pk>/applications/", review.application_list, name="review"),
    path("cohorts/<int:pk>/applications/decide/", review.decide_many, name="decide_many"),
    path("cohorts/<int:pk>/applications/send/", review.send_decisions, name="send_decisions"),
    path("cohorts/<int:pk>/applications/import/", spreadsheet_views.upload, name="import"),
    path(
        "cohorts/<int:pk>/applications/import/<int:upload_pk>/",
        spreadsheet_views.map_and_check,
        name="import_map",
    ),
    path(
        "cohorts/<int:pk>/applications/import/<int:upload_pk>/progress/",
        spreadsheet_views.import_progress,
        name="import_progress",
    ),
    path(
        "cohorts/<int:pk>/applications/import/<int:upload_pk>/status/",
        spreadsheet_views.import_status,
        name="import_status",
    ),
    path(
        "cohorts/<int:pk>/applications/import/<int:upload_pk>/retry/",
        spreadsheet_views.import_retry,
        name="import_retry",
    ),
    path("cohorts/<int:pk>/applications/template.csv", spreadsheet_views.template, name="template"),
    path(
        "cohorts/<int:pk>/applications/export.<str:fmt>",
        spreadsheet_views.export,
        name="export",
    ),
    path(
        "cohorts/<int:pk>/applications/<int:app_pk>/",
        review.application_detail,
        name="review_detail",
    ),
    path("cohorts/<int:pk>/applications/<int:app_pk>/decide/", review.decide, name="decide"),
    path("cohorts/<int:pk>/applications/<int:app_pk>/resend/", review.resend, name="resend"),
    path(
        "cohorts/<int:pk>/applications/<int:app_pk>/record-approval/",
        review.record_approval,
        name="record_approval",
    ),
]
