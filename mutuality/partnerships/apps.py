from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "mutuality.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"
