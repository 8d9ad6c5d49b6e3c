from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mutuality.accounts"
    label = "accounts"
    verbose_name = "People and accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="mutuality-session-clock")

        from allauth.mfa import signals as mfa_signals

        from .signals import count_activation_as_recent_authentication

        mfa_signals.authenticator_added.connect(
            count_activation_as_recent_authentication, dispatch_uid="activation_counts"
        )
