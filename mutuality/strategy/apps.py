from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "mutuality.strategy"
    label = "strategy"
    verbose_name = "People Strategy"
