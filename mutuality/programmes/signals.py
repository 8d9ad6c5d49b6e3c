"""Events in a cohort's life that apps above programmes act on. Programmes sends them inside
its own transaction and imports none of the apps that listen; ``mutuality.site.wiring``
connects the listeners (docs/decisions/0022)."""

from django.dispatch import Signal

# A new cohort was saved (created or copied): sent with ``cohort``.
cohort_created = Signal()
# A cohort has just moved to "closed": sent with ``cohort`` and ``by`` (who closed it).
cohort_closed = Signal()
