"""Events on an application that apps above applications act on. Applications sends them
inside its own transaction and imports none of the apps that listen; ``mutuality.site.wiring``
connects the listeners (docs/decisions/0022)."""

from django.dispatch import Signal

# An applicant withdrew: sent with ``application``.
application_withdrawn = Signal()
# A decision already made is about to change: sent with ``application``. A listener that
# raises ValidationError stops the change (and the whole transaction around it).
decision_changing = Signal()
