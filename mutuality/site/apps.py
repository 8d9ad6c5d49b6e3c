from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: pages and commands that join several apps, and the wiring that lets
    a lower app's event reach a higher one without the lower app importing it."""

    name = "mutuality.site"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        from . import wiring  # noqa: F401  (connects the apps' signals)
