"""Steering: the reads. Nothing here writes, so the pages that use it can be fetched with
GET as often as anyone likes. Each read runs a fixed number of queries, whatever the number
of themes, groups or cohorts."""

from collections import Counter

from django.db.models import Q

from mutuality import themes as engine
from mutuality.organisations.models import Organisation
from mutuality.polls.models import Wave
from mutuality.programmes.models import Cohort, CohortRole, Participation, Programme

from .models import Cluster, SteeringAction, Theme


def themes_sent_by(cohort: Cohort, user):
    """The themes someone has sent for a cohort, newest first."""
    return cohort.themes.filter(submitted_by=user)


def tags_of(theme: Theme) -> list:
    return list(theme.tags.all())


def moderation_queue(cohort: Cohort) -> tuple[list[Theme], list[Theme]]:
    """A cohort's themes waiting to be checked, and those already decided."""
    themes = list(cohort.themes.select_related("submitted_by").prefetch_related("tags"))
    waiting = [t for t in themes if t.status == Theme.Status.SUBMITTED]
    decided = [t for t in themes if t.status != Theme.Status.SUBMITTED]
    return waiting, decided


def check_context(cohort: Cohort) -> engine.Context:
    """What the identifying-detail check needs to know about a cohort: the names of everyone
    in it (participants and team), how many of its people each organisation has, how many
    people across the system hold each job title, and the programme's other themes."""
    participations = Participation.objects.filter(cohort=cohort).select_related(
        "user", "organisation"
    )
    people = {p.user.get_full_name() for p in participations}
    people |= {
        r.user.get_full_name()
        for r in CohortRole.objects.filter(cohort=cohort).select_related("user")
    }
    members = Counter(p.organisation_id for p in participations)
    organisations = [
        engine.Organisation(
            o.name,
            tuple(a for a in (o.short_name,) if a and a != o.name),
            members.get(o.pk, 0),
        )
        for o in Organisation.objects.all()
    ]
    holders = Counter(
        title.strip()
        for title in Participation.objects.exclude(job_title="").values_list("job_title", flat=True)
    )
    corpus = list(
        Theme.objects.filter(cohort__programme=cohort.programme).values_list("text", flat=True)
    )
    return engine.Context(
        people=sorted(n for n in people if n.strip()),
        organisations=organisations,
        job_titles=dict(holders),
        min_group_size=max(cohort.min_group_size, 10),
        corpus=corpus,
    )


def flags_for(theme: Theme, context: engine.Context) -> list[engine.Flag]:
    return engine.check(theme.text, context)


def published(cohort: Cohort):
    return cohort.themes.filter(status=Theme.Status.PUBLISHED).order_by("pk")


def theme_groups(cohort: Cohort) -> tuple[list[Cluster], list[Theme]]:
    """A cohort's groups of themes with their themes, and the shared themes in no group."""
    groups = list(cohort.theme_clusters.prefetch_related("themes"))
    loose = list(published(cohort).filter(cluster__isnull=True))
    return groups, loose


def contributors(cluster: Cluster) -> int:
    """Raw count of distinct people behind a group's themes: only ever shown through
    ``mutuality.disclosure``. Reads the group's prefetched themes when it has them."""
    return len({t.submitted_by_id for t in cluster.themes.all()})


def programme_cohorts(programme: Programme) -> list[Cohort]:
    return list(programme.cohorts.order_by("-starts_on"))


def accepted_groups(cohorts: list[Cohort]) -> list[tuple[Cohort, Cluster, list[SteeringAction]]]:
    """The accepted groups of the cohorts (cohort by cohort, in the order given), each with
    the actions linked to the group or to any of its published themes."""
    clusters = list(
        Cluster.objects.filter(cohort__in=cohorts, accepted=True).prefetch_related("themes")
    )
    theme_ids = {
        t.pk for c in clusters for t in c.themes.all() if t.status == Theme.Status.PUBLISHED
    }
    actions = list(
        SteeringAction.objects.filter(Q(clusters__in=clusters) | Q(themes__in=theme_ids))
        .distinct()
        .prefetch_related("clusters", "themes")
    )
    links = {
        a.pk: ({c.pk for c in a.clusters.all()}, {t.pk for t in a.themes.all()}) for a in actions
    }
    by_cohort: dict[int, list[Cluster]] = {}
    for cluster in clusters:
        by_cohort.setdefault(cluster.cohort_id, []).append(cluster)
    found = []
    for cohort in cohorts:
        for cluster in by_cohort.get(cohort.pk, []):
            shown = {t.pk for t in cluster.themes.all() if t.status == Theme.Status.PUBLISHED}
            linked = [a for a in actions if cluster.pk in links[a.pk][0] or links[a.pk][1] & shown]
            found.append((cohort, cluster, linked))
    return found


def loose_themes(cohorts: list[Cohort]):
    """Published themes in no accepted group."""
    return (
        Theme.objects.filter(cohort__in=cohorts, status=Theme.Status.PUBLISHED)
        .filter(Q(cluster__isnull=True) | Q(cluster__accepted=False))
        .prefetch_related("tags")
    )


def latest_reported(cohorts: list[Cohort]) -> Cohort | None:
    """The first of the cohorts (in the order given) that has a final poll."""
    with_final = set(
        Wave.objects.filter(cohort__in=cohorts, stage="final").values_list("cohort_id", flat=True)
    )
    return next((c for c in cohorts if c.pk in with_final), None)


def programme_actions(programme: Programme):
    return programme.steering_actions.select_related("owner_organisation").prefetch_related(
        "initiatives", "clusters", "themes"
    )


def action_of(programme: Programme, pk: int) -> SteeringAction | None:
    """One of the programme's actions with what it links to and its updates."""
    return (
        programme.steering_actions.select_related("owner_organisation")
        .prefetch_related("initiatives", "clusters", "themes", "updates")
        .filter(pk=pk)
        .first()
    )
