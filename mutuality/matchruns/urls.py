from django.urls import path

from . import views

app_name = "matchruns"
urlpatterns = [
    path("cohorts/<int:pk>/matching/", views.matching_home, name="home"),
    path("cohorts/<int:pk>/matching/settings/", views.settings_edit, name="settings"),
    path("cohorts/<int:pk>/matching/run/", views.run_new, name="run_new"),
    path("cohorts/<int:pk>/matching/allow/", views.forbid_remove, name="forbid_remove"),
    path("cohorts/<int:pk>/matching/runs/<int:number>/", views.run_detail, name="run"),
    path(
        "cohorts/<int:pk>/matching/runs/<int:number>/status/",
        views.run_status,
        name="run_status",
    ),
    path(
        "cohorts/<int:pk>/matching/runs/<int:number>/pairs/<int:pair_pk>/",
        views.pair_action,
        name="pair_action",
    ),
    path("cohorts/<int:pk>/matching/runs/<int:number>/swap/", views.swap, name="swap"),
    path("cohorts/<int:pk>/matching/runs/<int:number>/publish/", views.publish, name="publish"),
    path(
        "cohorts/<int:pk>/matching/runs/<int:number>/compare/<int:other>/",
        views.compare,
        name="compare",
    ),
    path(
        "cohorts/<int:pk>/matching/replacements/<int:app_pk>/",
        views.replacements,
        name="replacements",
    ),
    path("cohorts/<int:pk>/partnerships/<int:pair_pk>/replace/", views.replace, name="replace"),
]
