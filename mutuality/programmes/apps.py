from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "mutuality.programmes"
    label = "programmes"
    verbose_name = "Programmes and cohorts"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
