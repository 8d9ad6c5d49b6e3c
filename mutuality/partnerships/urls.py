from django.urls import path

from . import team_views, year_views

app_name = "partnerships"
urlpatterns = [
    path("cohorts/<int:pk>/partner/", year_views.my_partner, name="my_partner"),
    path("partnerships/<int:pk>/", year_views.hub, name="hub"),
    path("partnerships/<int:pk>/next-meeting.ics", year_views.next_meeting_ics, name="ics"),
    path("partnerships/<int:pk>/<slug:action>/", year_views.hub_post, name="hub_post"),
    path("cohorts/<int:pk>/partnerships/", team_views.dashboard, name="dashboard"),
    path("cohorts/<int:pk>/partnerships/<int:pair_pk>/", team_views.pair, name="pair"),
    path("cohorts/<int:pk>/partnerships/<int:pair_pk>/end/", team_views.end, name="end"),
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
