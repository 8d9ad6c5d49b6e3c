from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "mutuality.timeline"
    label = "timeline"
    verbose_name = "Sessions and attendance"
