from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mutuality.accounts"
    label = "accounts"
    verbose_name = "People and accounts"
