from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """People's rights over their data (access, erasure) and retention. A top-layer app: it
    reads and writes across the domain apps and is imported by none of them."""

    name = "mutuality.privacy"
    label = "privacy"
    verbose_name = "Data protection"
