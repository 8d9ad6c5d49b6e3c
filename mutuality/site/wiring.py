"""Where a lower app's event reaches the higher apps that act on it.

Programmes and applications sit below timeline and partnerships, so they may not import
them. They send a signal instead, and this module, in the top layer, connects each signal to
the service that answers it. Signals run in the sender's transaction, so a failure in a
listener undoes the whole step. See docs/decisions/0022."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from mutuality.applications.signals import application_withdrawn, decision_changing
from mutuality.partnerships.models import Partnership
from mutuality.partnerships.services import cohort_complete_partnerships
from mutuality.polls.models import Wave
from mutuality.polls.services import wave_close
from mutuality.programmes.models import Cohort, Participation
from mutuality.programmes.signals import cohort_closed, cohort_created
from mutuality.steering.services import tags_add_defaults
from mutuality.timeline.services import invitations_withdraw, timeline_lay_out


@receiver(cohort_created, dispatch_uid="site.cohort_created.timeline")
def lay_out_timeline(sender, *, cohort, **kwargs) -> None:
    """A new cohort gets its sessions from the programme's template."""
    timeline_lay_out(cohort=cohort)


@receiver(post_save, sender=Cohort, dispatch_uid="site.cohort_saved.steering")
def add_theme_tags(sender, *, instance, created, raw=False, **kwargs) -> None:
    """Every new cohort has the default theme tags from the moment it exists, however it is
    made (the office's pages, a copy, the admin, the demo), so the page where people share a
    theme only reads them. Cohorts made before this have them from a data migration."""
    if created and not raw:
        tags_add_defaults(cohort=instance)


@receiver(cohort_closed, dispatch_uid="site.cohort_closed.partnerships")
def complete_partnerships(sender, *, cohort, **kwargs) -> None:
    """At the cohort's end, every pair still going is marked completed."""
    cohort_complete_partnerships(cohort=cohort)


@receiver(cohort_closed, dispatch_uid="site.cohort_closed.polls")
def close_open_polls(sender, *, cohort, by=None, **kwargs) -> None:
    """Closing a cohort closes its open polls too, so answers can no longer change and are
    frozen for the report at once, in the same transaction as the closing."""
    for wave in Wave.objects.filter(cohort=cohort, closed_at__isnull=True):
        if wave.is_open():
            wave_close(wave=wave, by=by)


@receiver(application_withdrawn, dispatch_uid="site.application_withdrawn.timeline")
def withdraw_invitations(sender, *, application, **kwargs) -> None:
    """Someone who withdraws is no longer invited to the cohort's sessions."""
    invitations_withdraw(cohort=application.cohort, user=application.applicant)


@receiver(decision_changing, dispatch_uid="site.decision_changing.partnerships")
def refuse_if_partnered(sender, *, application, **kwargs) -> None:
    """A decision cannot change under someone who already has a learning partner."""
    taking_part = Participation.objects.filter(
        cohort=application.cohort, user=application.applicant
    )
    if Partnership.objects.filter(
        Q(aspiring__in=taking_part) | Q(established__in=taking_part)
    ).exists():
        raise ValidationError(
            f"{application.applicant.get_full_name()} already has a learning partner. "
            "End the partnership before changing the decision."
        )
