from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from mutuality.core.text import plural
from mutuality.organisations.models import Organisation


class Side(models.TextChoices):
    """The two sides of a partnership. Screens use the programme's own words for them."""

    ASPIRING = "aspiring", "Aspiring leader"
    ESTABLISHED = "established", "Established leader"


class FocusArea(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    class Kind(models.TextChoices):
        RECIPROCAL = "reciprocal", "Reciprocal mentoring"
        REVERSE = "reverse", "Reverse mentoring"
        TRADITIONAL = "traditional", "Traditional mentoring"
        SHADOWING = "shadowing", "Shadowing"
        BUDDYING = "buddying", "Buddying"

    # What each kind of scheme calls its two sides, unless a programme says otherwise.
    SIDE_NAMES = {
        Kind.RECIPROCAL: ("aspiring leader", "established leader"),
        Kind.REVERSE: ("reverse mentor", "senior leader"),
        Kind.TRADITIONAL: ("mentee", "mentor"),
        Kind.SHADOWING: ("shadow", "host"),
        Kind.BUDDYING: ("new starter", "buddy"),
    }

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RECIPROCAL)
    summary = models.TextField(help_text="What the programme is for, in a sentence or two.")
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="programmes")
    eligibility = models.TextField(
        blank=True,
        help_text="Who can apply. Applicants confirm they meet it; nothing is checked.",
    )
    time_commitment = models.CharField(
        max_length=200,
        blank=True,
        help_text="For applicants and line managers, e.g. 'one hour a month for nine months'.",
    )
    aspiring_label = models.CharField(
        "name for the first side",
        max_length=60,
        blank=True,
        help_text="Leave empty to use the usual name for this kind of programme.",
    )
    established_label = models.CharField(
        "name for the second side",
        max_length=60,
        blank=True,
        help_text="Leave empty to use the usual name for this kind of programme.",
    )
    accept_email_text = models.TextField(
        "wording of the email offering a place",
        blank=True,
        help_text="Leave empty for the standard wording. The greeting and sign-off are added.",
    )
    waitlist_email_text = models.TextField(
        "wording of the waiting-list email",
        blank=True,
        help_text="Leave empty for the standard wording.",
    )
    decline_email_text = models.TextField(
        "wording of the email declining an application",
        blank=True,
        help_text="Leave empty for the standard wording.",
    )
    ground_rules = models.TextField(
        blank=True,
        default=(
            "What we say to each other stays between us, unless someone is at risk of harm.\n"
            "We meet about once a month, for about an hour, and we agree the next date each "
            "time.\n"
            "We both learn and we both teach: neither of us is the expert on the other's "
            "experience.\n"
            "If something is not working, we say so kindly and early, or ask the faculty for "
            "help."
        ),
        help_text="The ground rules both partners agree before they start, one per line.",
    )
    matches_on_lived_experience = models.BooleanField(
        default=False,
        help_text=(
            "Ask applicants for separate, explicit consent to use chosen lived experience "
            "in matching."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        "keep personal data for (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=(
            "How long after a cohort closes (its end, or its last poll if that is later) "
            "people's personal data is kept before it is erased. Totals are kept."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])

    def side_label(self, side: str) -> str:
        aspiring, established = self.SIDE_NAMES[self.Kind(self.kind)]
        if side == Side.ASPIRING:
            return self.aspiring_label or aspiring
        return self.established_label or established

    def side_plural(self, side: str) -> str:
        """The side's name for more than one person: "buddies", "mentees", "coaches"."""
        return plural(self.side_label(side))

    @property
    def side_labels(self) -> dict[str, str]:
        return {side: self.side_label(side) for side in Side.values}


class Cohort(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RECRUITING = "recruiting", "Recruiting"
        MATCHING = "matching", "Matching"
        RUNNING = "running", "Running"
        CLOSED = "closed", "Closed"

    # A cohort moves forward through these, one step at a time.
    NEXT_STATUS = {
        Status.DRAFT: Status.RECRUITING,
        Status.RECRUITING: Status.MATCHING,
        Status.MATCHING: Status.RUNNING,
        Status.RUNNING: Status.CLOSED,
    }

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=120, help_text="For example '2027 cohort' or 'Cohort 3'.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField("programme starts")
    ends_on = models.DateField("programme ends")
    applications_open_on = models.DateField("applications open")
    applications_close_on = models.DateField("applications close")
    expected_meetings = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text="How many times each pair is expected to meet.",
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15)], help_text="Usual length of a meeting."
    )
    min_group_size = models.PositiveSmallIntegerField(
        "smallest group shown in aggregates",
        default=10,
        help_text="Aggregates never show a group smaller than this. It can only be raised.",
    )
    organisations = models.ManyToManyField(
        Organisation, through="CohortOrganisation", related_name="cohorts", blank=True
    )
    topics = models.JSONField(
        default=list, blank=True, help_text="Topics applicants can choose from, one per line."
    )
    manager_link_days = models.PositiveSmallIntegerField(
        "days a line manager's link works", default=14, validators=[MinValueValidator(1)]
    )
    manager_reminder_days = models.PositiveSmallIntegerField(
        "days before reminding a line manager", default=5, validators=[MinValueValidator(1)]
    )
    quiet_after_weeks = models.PositiveSmallIntegerField(
        "weeks without a meeting before a reminder",
        default=6,
        validators=[MinValueValidator(2)],
    )
    at_risk_after_weeks = models.PositiveSmallIntegerField(
        "weeks without a meeting before a pair shows as at risk",
        default=10,
        validators=[MinValueValidator(3)],
    )
    missed_sessions_allowed = models.PositiveSmallIntegerField(
        "mandatory sessions someone may miss before faculty follow up", default=1
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:cohort", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = "The programme must end after it starts."
        if (
            self.applications_open_on
            and self.applications_close_on
            and self.applications_close_on < self.applications_open_on
        ):
            errors["applications_close_on"] = "Applications must close after they open."
        if (
            self.applications_close_on
            and self.starts_on
            and self.applications_close_on > self.starts_on
        ):
            errors["applications_close_on"] = "Applications must close before the programme starts."
        if (
            self.min_group_size is not None
            and self.min_group_size < settings.MUTUALITY_MIN_GROUP_SIZE
        ):
            errors["min_group_size"] = (
                f"Smallest group shown in figures must be {settings.MUTUALITY_MIN_GROUP_SIZE} "
                "or more"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def next_status(self) -> str | None:
        return self.NEXT_STATUS.get(self.Status(self.status))

    @property
    def places_offered(self) -> int:
        return sum(link.places for link in self.cohort_organisations.all())


class CohortOrganisation(models.Model):
    """An organisation taking part in a cohort, and how many places it has."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="cohort_organisations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    places = models.PositiveSmallIntegerField(
        default=2, help_text="How many people from this organisation can take part."
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "organisation"], name="one_link_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.cohort} ({self.places} places)"


class CohortRole(models.Model):
    """Someone who runs, teaches or oversees a cohort."""

    class Role(models.TextChoices):
        PROGRAMME_MANAGER = "programme_manager", "Programme manager"
        FACULTY = "faculty", "Faculty"
        STEERING = "steering", "Steering group member"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="one_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.cohort}"

    @property
    def role_in_words(self) -> str:
        """The role after "is now" or "added as": "a programme manager", "faculty"."""
        role = self.get_role_display().lower()
        return role if self.role == self.Role.FACULTY else f"a {role}"


class Participation(models.Model):
    """A person taking part in a cohort on one side. Created when an application is accepted."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Taking part"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations"
    )
    side = models.CharField(max_length=20, choices=Side.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    job_title = models.CharField(max_length=200, blank=True)
    willing_to_buddy = models.BooleanField(
        "willing to buddy someone in a later cohort",
        null=True,
        blank=True,
        help_text="Asked at the end of the cohort; feeds the alumni pool for rematching.",
    )
    band = models.CharField(
        "band or grade", max_length=40, blank=True, help_text="For example 'Band 6', '8c' or 'VSM'."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day they stopped taking part: withdrew, or their place was taken back. "
        "Someone who left before the cohort started did not take part "
        "(mutuality.programmes.numbers.took_part).",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["side", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="take_part_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_side_display()}), {self.cohort}"

    @property
    def side_label(self) -> str:
        return self.cohort.programme.side_label(self.side)
