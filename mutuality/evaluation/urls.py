from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("cohorts/<int:pk>/report/", views.cohort, name="cohort"),
    path("cohorts/<int:pk>/report.pdf", views.cohort_pdf, name="cohort_pdf"),
    path("cohorts/<int:pk>/report.<str:fmt>", views.cohort_export, name="cohort_export"),
    path("programmes/<slug:slug>/report/", views.programme, name="programme"),
    path("programmes/<slug:slug>/report.pdf", views.programme_pdf, name="programme_pdf"),
    path("reports/", views.system, name="system"),
    path("reports/files/<int:pk>/", views.file, name="file"),
    path("reports/files/<int:pk>/status/", views.file_status, name="file_status"),
]
