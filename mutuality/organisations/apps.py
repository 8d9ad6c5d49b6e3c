from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "mutuality.organisations"
    label = "organisations"
    verbose_name = "Places and organisations"
