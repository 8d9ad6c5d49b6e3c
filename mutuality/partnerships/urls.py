from django.urls import path

from . import team_views, views, year_views

app_name = "partnerships"
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
    path("cohorts/<int:pk>/partner/", year_views.my_partner, name="my_partner"),
    path("partnerships/<int:pk>/", year_views.hub, name="hub"),
    path("partnerships/<int:pk>/next-meeting.ics", year_views.next_meeting_ics, name="ics"),
    path("partnerships/<int:pk>/<slug:action>/", year_views.hub_post, name="hub_post"),
    path("cohorts/<int:pk>/partnerships/", team_views.dashboard, name="dashboard"),
    path("cohorts/<int:pk>/partnerships/<int:pair_pk>/", team_views.pair, name="pair"),
    path("cohorts/<int:pk>/partnerships/<int:pair_pk>/end/", team_views.end, name="end"),
    path(
        "cohorts/<int:pk>/partnerships/<int:pair_pk>/replace/", team_views.replace, name="replace"
    ),
    path(
        "cohorts/<int:pk>/partnerships/<int:pair_pk>/support/<int:request_pk>/resolve/",
        team_views.resolve,
        name="resolve",
    ),
    path(
        "cohorts/<int:pk>/partnerships/<int:pair_pk>/supervision/",
        team_views.supervision,
        name="supervision",
    ),
]
