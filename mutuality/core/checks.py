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


@register(Tags.security, deploy=True)
def privacy_notice_names_the_controller(app_configs, **kwargs):
    if settings.PRIVACY_DEMO_CONTACTS and not settings.DEMO:
        return [
            Warning(
                "The privacy notice names the demo's invented controller and contacts.",
                hint="Set MUTUALITY_CONTROLLERS, MUTUALITY_DPO_CONTACT and "
                "MUTUALITY_PRIVACY_CONTACT (see docs/data-protection.md).",
                id="mutuality.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def accessibility_contact_is_a_real_mailbox(app_configs, **kwargs):
    address = settings.ACCESSIBILITY_CONTACT
    domain = address.rpartition("@")[2].strip().lower()
    nobody_reads_it = settings.ACCESSIBILITY_CONTACT_IS_DEMO or domain in {"", "localhost"}
    if settings.DEMO or not nobody_reads_it:
        return []
    return [
        Warning(
            f"The accessibility statement asks people to email {address}, which nobody reads.",
            hint="Set MUTUALITY_ACCESSIBILITY_CONTACT (or MUTUALITY_PRIVACY_CONTACT) to a "
            "mailbox the programme office reads.",
            id="mutuality.W003",
        )
    ]
