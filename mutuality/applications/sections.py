"""The parts of an application, in order: what each asks and when it counts as done."""

from collections.abc import Callable
from dataclasses import dataclass

from .forms import (
    AvailabilityForm,
    HopesForm,
    ManagerForm,
    PreferencesForm,
    QuestionsForm,
    RoleForm,
    TopicsForm,
    questions_for,
)
from .models import AboutMeSection, Application, EqualityMonitoring, LivedExperienceConsent


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    done: Callable[[Application], bool]
    applies: Callable[[Application], bool] = lambda application: True
    optional: bool = False
    form: type | None = None  # a ModelForm over the application, if the section is one


def _about_me_done(application: Application) -> bool:
    return AboutMeSection.objects.filter(profile__user=application.applicant, text__gt="").exists()


def _equality_done(application: Application) -> bool:
    return EqualityMonitoring.objects.filter(
        cohort=application.cohort, user=application.applicant
    ).exists()


def _consent_done(application: Application) -> bool:
    return LivedExperienceConsent.objects.filter(
        cohort=application.cohort, user=application.applicant, given_at__isnull=False
    ).exists()


def _questions_done(application: Application) -> bool:
    return all(
        application.extra_answers.get(str(q.pk), "").strip()
        for q in questions_for(application)
        if q.required
    )


SECTIONS = [
    Section(
        "role",
        "Your role and organisation",
        lambda a: bool(a.organisation_id and a.job_title and a.band),
        form=RoleForm,
    ),
    Section("manager", "Your line manager", lambda a: bool(a.line_manager_email), form=ManagerForm),
    Section(
        "hopes",
        "What you hope to gain and what you bring",
        lambda a: bool(a.aspirations and a.experience),
        form=HopesForm,
    ),
    Section(
        "topics",
        "Topics",
        lambda a: bool(a.topics),
        applies=lambda a: bool(a.cohort.topics),
        optional=True,
        form=TopicsForm,
    ),
    Section(
        "availability",
        "When and how you could meet",
        lambda a: bool(a.availability and a.meeting_modes),
        form=AvailabilityForm,
    ),
    Section(
        "preferences",
        "People you would rather not be paired with",
        lambda a: bool(a.avoid_emails),
        optional=True,
        form=PreferencesForm,
    ),
    Section(
        "questions",
        "The programme's questions",
        _questions_done,
        applies=lambda a: bool(questions_for(a)),
        form=QuestionsForm,
    ),
    # Every part of the profile is optional and sending never asks for it.
    Section("about-me", "About me, for your learning partner", _about_me_done, optional=True),
    Section("equality", "Equality monitoring", _equality_done, optional=True),
    Section(
        "consent",
        "Matching on lived experience",
        _consent_done,
        applies=lambda a: a.cohort.programme.matches_on_lived_experience,
        optional=True,
    ),
]
BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(application: Application) -> list[Section]:
    return [section for section in SECTIONS if section.applies(application)]


def next_section(application: Application, after: str) -> str | None:
    keys = [section.key for section in sections_for(application)]
    index = keys.index(after)
    return keys[index + 1] if index + 1 < len(keys) else None
