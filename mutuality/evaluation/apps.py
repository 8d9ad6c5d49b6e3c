from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mutuality.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation reports"

    def ready(self) -> None:
        from .signals import connect

        connect()
