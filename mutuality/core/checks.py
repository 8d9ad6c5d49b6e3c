from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs, **kwargs):
    if settings.DEMO:
        return [
            Warning(
                "Demo mode is on: emails are kept in a public outbox and anyone can sign in "
                "as the invented people.",
                hint="Set MUTUALITY_DEMO=false in production.",
                id="mutuality.W001",
            )
        ]
    return []
