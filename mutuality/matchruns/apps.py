from django.apps import AppConfig


class MatchrunsConfig(AppConfig):
    name = "mutuality.matchruns"
    label = "matchruns"
    verbose_name = "Match runs"
