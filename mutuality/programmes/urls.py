from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/new/", views.programme_new, name="new"),
    path("programmes/<slug:slug>/", views.programme_detail, name="detail"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("programmes/<slug:slug>/emails/", views.programme_emails, name="emails"),
    path("programmes/<slug:slug>/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/step-back/", views.cohort_step_back, name="cohort_step_back"),
    path("cohorts/<int:pk>/copy/", views.cohort_copy, name="cohort_copy"),
    path("cohorts/<int:pk>/team/", views.cohort_team, name="team"),
    path(
        "cohorts/<int:pk>/team/<int:role_pk>/remove/", views.cohort_role_remove, name="role_remove"
    ),
    path("cohorts/<int:pk>/organisations/", views.cohort_organisations, name="organisations"),
    path(
        "cohorts/<int:pk>/organisations/<int:link_pk>/remove/",
        views.cohort_organisation_remove,
        name="organisation_remove",
    ),
]
