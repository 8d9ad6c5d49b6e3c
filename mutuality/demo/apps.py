from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mutuality.demo"
    label = "demo"
    verbose_name = "Demo outbox"
