from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.my_data_download, name="my_data_download"),
    path("data-protection/", views.office, name="office"),
    path("data-protection/people/<int:pk>/", views.person, name="person"),
    path("data-protection/people/<int:pk>/data.json", views.person_data, name="person_data"),
    path("data-protection/people/<int:pk>/erase/", views.erase, name="erase"),
    path("data-protection/audit/", views.audit_log, name="audit_log"),
]
