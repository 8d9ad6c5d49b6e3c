from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "mutuality.polls"
    label = "polls"
    verbose_name = "Polls and career outcomes"
