from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("strategy/", views.dashboard, name="dashboard"),
    path("strategy/frameworks/", views.frameworks, name="frameworks"),
    path("strategy/workstreams/<slug:key>/", views.workstream, name="workstream"),
    path("strategy/import/", views.upload, name="upload"),
    path("strategy/export.<str:fmt>", views.download, name="download"),
    path(
        "programmes/<slug:slug>/initiatives/",
        views.programme_initiatives,
        name="programme_initiatives",
    ),
]
