"""Themes from submission to the steering group, and the actions taken on them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mutuality import themes as engine
from mutuality.audit.models import audit
from mutuality.programmes.models import Cohort

from .models import DEFAULT_TAGS, ActionUpdate, Cluster, SteeringAction, Tag, Theme
from .selectors import check_context, published


@transaction.atomic
def tags_add_defaults(*, cohort: Cohort) -> list[Tag]:
    """Give a cohort the default theme tags, once: a new cohort gets them as it is saved
    (``mutuality.site.wiring``), so the pages that offer tags only read them."""
    if not cohort.theme_tags.exists():
        Tag.objects.bulk_create([Tag(cohort=cohort, name=name) for name in DEFAULT_TAGS])
    return list(cohort.theme_tags.all())


@transaction.atomic
def theme_submit(*, cohort: Cohort, by, text: str, source: str, tags=()) -> Theme:
    theme = Theme.objects.create(cohort=cohort, text=text.strip(), source=source, submitted_by=by)
    theme.tags.set(tags)
    return theme


@transaction.atomic
def theme_publish(*, theme: Theme, by, shared_text: str, tags=()) -> Theme:
    """Share a theme with the steering group in the moderator's words. The check runs again on
    those words: a moderator may publish over a flag only by editing it out or by deciding it
    is not identifying, which the audit log records."""
    shared_text = shared_text.strip()
    if not shared_text:
        raise ValidationError("Write the words the steering group will see.")
    remaining = engine.check(shared_text, check_context(theme.cohort))
    theme.shared_text = shared_text
    theme.status = Theme.Status.PUBLISHED
    theme.moderated_by = by
    theme.moderated_at = timezone.now()
    theme.reason = ""
    theme.save()
    theme.tags.set(tags)
    audit(
        actor=by,
        action="steering.theme_published",
        target=theme,
        flags_left=[f.rule for f in remaining],
    )
    return theme


@transaction.atomic
def theme_reject(*, theme: Theme, by, reason: str) -> Theme:
    theme.status = Theme.Status.REJECTED
    theme.reason = reason.strip()
    theme.moderated_by = by
    theme.moderated_at = timezone.now()
    theme.cluster = None
    theme.save()
    audit(actor=by, action="steering.theme_rejected", target=theme)
    return theme


@transaction.atomic
def clusters_suggest(*, cohort: Cohort) -> list[Cluster]:
    """Replace the suggested (not yet accepted) groups with fresh suggestions over the
    published themes that are not in an accepted group."""
    cohort.theme_clusters.filter(accepted=False).delete()
    loose = list(published(cohort).filter(cluster__isnull=True))
    suggestions = engine.suggest_clusters([t.shared_text for t in loose])
    made = []
    for suggestion in suggestions:
        if len(suggestion.members) < 2:
            continue
        cluster = Cluster.objects.create(cohort=cohort, label=suggestion.label.capitalize())
        Theme.objects.filter(pk__in=[loose[i].pk for i in suggestion.members]).update(
            cluster=cluster
        )
        made.append(cluster)
    return made


@transaction.atomic
def cluster_update(*, cluster: Cluster, label: str, accepted: bool) -> Cluster:
    label = label.strip()
    if not label:
        raise ValidationError("Give the group a name.")
    cluster.label = label
    cluster.accepted = accepted
    cluster.save()
    return cluster


@transaction.atomic
def cluster_split(*, cluster: Cluster) -> list[Cluster]:
    members = list(cluster.themes.order_by("pk"))
    if len(members) < 4:
        raise ValidationError("A group needs at least four themes to split into two groups.")
    parts = engine.split_cluster([t.shared_text for t in members], list(range(len(members))))
    made = []
    for part in parts:
        new = Cluster.objects.create(cohort=cluster.cohort, label=part.label.capitalize())
        Theme.objects.filter(pk__in=[members[i].pk for i in part.members]).update(cluster=new)
        made.append(new)
    cluster.delete()
    return made


@transaction.atomic
def cluster_merge(*, into: Cluster, other: Cluster) -> Cluster:
    if into.cohort_id != other.cohort_id or into.pk == other.pk:
        raise ValidationError("Choose another group of the same cohort to merge with.")
    other.themes.update(cluster=into)
    other.actions.clear()
    other.delete()
    return into


@transaction.atomic
def action_save(*, action: SteeringAction, by) -> SteeringAction:
    if action.status == SteeringAction.Status.DONE and not action.evidence.strip():
        raise ValidationError({"evidence": "Say what shows it is done before marking it done."})
    created = action.pk is None
    if created:
        action.created_by = by
    action.save()
    audit(actor=by, action="steering.action_created" if created else "steering.action_changed",
          target=action)  # fmt: skip
    return action


@transaction.atomic
def action_update(*, action: SteeringAction, by, text: str, status: str, evidence: str = ""):
    if status == SteeringAction.Status.DONE and not (evidence or action.evidence).strip():
        raise ValidationError({"evidence": "Say what shows it is done before marking it done."})
    update = ActionUpdate.objects.create(action=action, text=text.strip(), status=status, by=by)
    action.status = status
    if evidence.strip():
        action.evidence = evidence.strip()
    action.save(update_fields=["status", "evidence"])
    return update


@transaction.atomic
def action_save_from_form(*, form, programme, by) -> SteeringAction:
    """Save an action from its valid form: the action and what it links to together."""
    action = form.save(commit=False)
    action.programme = programme
    action_save(action=action, by=by)
    form.save_m2m()
    return action
