from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "mutuality.steering"
    label = "steering"
    verbose_name = "Themes and steering-group actions"
