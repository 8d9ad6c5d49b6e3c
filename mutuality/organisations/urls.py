from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/new/", views.organisation_edit, name="new"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("places/", views.place_list, name="places"),
    path("places/new/", views.place_edit, name="place_new"),
    path("places/<int:pk>/edit/", views.place_edit, name="place_edit"),
]
