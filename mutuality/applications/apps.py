from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "mutuality.applications"
    label = "applications"
    verbose_name = "Applications and profiles"
