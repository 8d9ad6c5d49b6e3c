from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "mutuality.programmes"
    label = "programmes"
    verbose_name = "Programmes and cohorts"
