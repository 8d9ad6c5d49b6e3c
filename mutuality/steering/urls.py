from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("cohorts/<int:pk>/themes/new/", views.submit, name="submit"),
    path("cohorts/<int:pk>/themes/", views.moderation, name="moderation"),
    path("cohorts/<int:pk>/themes/<int:theme_pk>/", views.moderate, name="moderate"),
    path("cohorts/<int:pk>/themes/groups/", views.clusters, name="clusters"),
    path("programmes/<slug:slug>/steering/", views.programme, name="programme"),
    path("programmes/<slug:slug>/steering/pack.pdf", views.pack, name="pack"),
    path("programmes/<slug:slug>/steering/actions/new/", views.action_edit, name="action_new"),
    path("programmes/<slug:slug>/steering/actions/<int:action_pk>/", views.action, name="action"),
    path(
        "programmes/<slug:slug>/steering/actions/<int:action_pk>/edit/",
        views.action_edit,
        name="action_edit",
    ),
]
