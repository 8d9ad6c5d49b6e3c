"""The privacy notice, drawn from configuration and from the programmes' own settings, so it
says what this installation actually does. ``docs/data-protection.md`` is the longer record
of processing behind it; keep the two in step."""

from dataclasses import dataclass

from django.conf import settings

from mutuality.programmes.models import Programme


@dataclass(frozen=True)
class Use:
    what: str
    why: str
    lawful_basis: str


@dataclass(frozen=True)
class Audience:
    data: str
    who: str


PUBLIC_TASK = (
    "UK GDPR Article 6(1)(e): a task in the public interest, developing the health and care "
    "workforce"
)

USES = [
    Use(
        "Your name, work email address, organisation, job title, band and line manager",
        "To take your application, ask your line manager to approve it, and contact you.",
        PUBLIC_TASK,
    ),
    Use(
        "Your application answers and your about-me profile",
        "To decide who takes part, match you with a learning partner and support you.",
        PUBLIC_TASK,
    ),
    Use(
        "Reasonable adjustments you write in your about-me profile",
        "To make the programme accessible to you. This is health information.",
        PUBLIC_TASK + "; Article 9(2)(b) and the Data Protection Act 2018, Schedule 1, "
        "paragraph 1 (employment), because it supports adjustments at work",
    ),
    Use(
        "Equality monitoring answers (optional)",
        "Only to check whether the programme reaches and helps everyone fairly. They are "
        "never used to decide anything about you.",
        PUBLIC_TASK + "; Article 9(2)(g) and the Data Protection Act 2018, Schedule 1, "
        "paragraph 8 (equality of opportunity or treatment)",
    ),
    Use(
        "Lived experience you agree to use for matching (only in programmes that ask)",
        "To pair you with someone whose experience differs from yours.",
        "Your explicit consent (Article 6(1)(a) and Article 9(2)(a)), which you can withdraw "
        "on your application at any time",
    ),
    Use(
        "Meetings, goals, notes, private reflections, attendance and requests for support",
        "To run your learning partnership and the programme's sessions.",
        PUBLIC_TASK,
    ),
    Use(
        "Poll answers and career moves",
        "To evaluate the programme. Results are only ever published as totals large enough "
        "that nobody can be picked out.",
        PUBLIC_TASK,
    ),
]

AUDIENCES = [
    Audience(
        "Your application and about-me profile",
        "The programme team. Faculty see the about-me sections you tick for faculty.",
    ),
    Audience(
        "Your about-me profile, after you are introduced",
        "Your learning partner, only the sections you tick for them.",
    ),
    Audience(
        "Meetings, shared notes and goals you share",
        "You and your learning partner. The programme team and faculty see meeting dates.",
    ),
    Audience("Private reflections", "You alone. They are encrypted and nobody else can read them."),
    Audience(
        "Equality monitoring and poll answers",
        "You. Everyone else, including the steering group, sees only rounded totals of groups "
        "large enough that nobody can be picked out.",
    ),
    Audience("The approval request", "The line manager you name, once, through a link."),
    Audience(
        "Reading reasonable adjustments or equality monitoring",
        "Is recorded in an audit log the programme office checks.",
    ),
]

RIGHTS = [
    "see and download everything we hold about you (the link is on this page once you sign in)",
    "have anything wrong corrected: change it yourself or ask the programme office",
    "have your data erased: ask the programme office; totals already published stay, "
    "without you in them",
    "object to how we use your data, or ask us to restrict it",
    "withdraw consent you gave, for example to matching on lived experience",
]

ICO = (
    "If you are unhappy with how we have used your data, tell us first. You can also complain "
    "to the Information Commissioner's Office: ico.org.uk/make-a-complaint, 0303 123 1113, "
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire "
    "SK9 5AF."
)


@dataclass(frozen=True)
class Retention:
    programme: str
    months: int


def privacy_notice() -> dict:
    """Everything the privacy page says, from settings and the programmes' retention."""
    return {
        "controllers": settings.PRIVACY_CONTROLLERS,
        "dpo_contact": settings.PRIVACY_DPO_CONTACT,
        "office_contact": settings.PRIVACY_OFFICE_CONTACT,
        "uses": USES,
        "audiences": AUDIENCES,
        "retention": [
            Retention(p.name, p.retention_months)
            for p in Programme.objects.order_by("name").only("name", "retention_months")
        ],
        "rights": RIGHTS,
        "ico": ICO,
    }
