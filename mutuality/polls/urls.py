from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("cohorts/<int:pk>/my-polls/", views.mine, name="mine"),
    path("cohorts/<int:pk>/my-polls/<int:wave_pk>/", views.answer, name="answer"),
    path("cohorts/<int:pk>/my-polls/career/new/", views.my_outcome_add, name="my_outcome_add"),
    path(
        "cohorts/<int:pk>/my-polls/career/<int:outcome_pk>/remove/",
        views.my_outcome_remove,
        name="my_outcome_remove",
    ),
    path("cohorts/<int:pk>/polls/", views.cohort_polls, name="cohort"),
    path("cohorts/<int:pk>/polls/lay-out/", views.lay_out, name="lay_out"),
    path("cohorts/<int:pk>/polls/new/", views.wave_edit, name="new"),
    path("cohorts/<int:pk>/polls/<int:wave_pk>/edit/", views.wave_edit, name="edit"),
    path("cohorts/<int:pk>/polls/<int:wave_pk>/quotes/", views.quotes, name="quotes"),
    path("cohorts/<int:pk>/polls/<int:wave_pk>/close/", views.close, name="close"),
    path("cohorts/<int:pk>/polls/<int:wave_pk>/reopen/", views.reopen, name="reopen"),
    path("cohorts/<int:pk>/career-moves/", views.outcomes, name="outcomes"),
]
