import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from mutuality.core.models import Job
from mutuality.matching.bands import seniority_level
from mutuality.organisations.models import Organisation, Place
from mutuality.programmes.models import Cohort, Programme, Side

from .choices import (
    AGE_CHOICES,
    ETHNICITY_CHOICES,
    RELIGION_CHOICES,
    SEXUAL_ORIENTATION_CHOICES,
    YES_NO_CHOICES,
)


class AboutMe(models.Model):
    """A person's profile written for their future partner. It belongs to the person and
    is reused in every cohort they join; each section says who may read it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="about_me"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"About {self.user}"

    def section_map(self) -> dict[str, "AboutMeSection"]:
        if self.pk is None:  # not written yet: nothing to show
            return {}
        return {section.key: section for section in self.sections.all()}


class AboutMeSection(models.Model):
    class Key(models.TextChoices):
        COMMUNICATION = "communication", "How I prefer to communicate"
        WORKING = "working", "How I work best"
        HELPS = "helps", "What helps me"
        ADJUSTMENTS = "adjustments", "Reasonable adjustments I use"
        BRING = "bring", "What I bring"
        LEARN = "learn", "What I hope to learn"

    HINTS = {
        Key.COMMUNICATION: "For example: email first, then a call; I like an agenda beforehand.",
        Key.WORKING: "For example: I think best out loud; I need a few minutes to process.",
        Key.HELPS: "Anything that helps you take part fully.",
        Key.ADJUSTMENTS: "Adjustments you already use at work or would like in meetings.",
        Key.BRING: "Experience, perspectives and skills your partner could learn from.",
        Key.LEARN: "What you would like to understand better through the partnership.",
    }

    profile = models.ForeignKey(AboutMe, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=Key.choices)
    text = models.TextField(blank=True)
    # Nothing is shared until the person ticks it (UK GDPR Article 25, data protection by
    # default): reasonable adjustments are health data.
    partner_may_see = models.BooleanField(default=False)
    faculty_may_see = models.BooleanField(default=False)

    class Meta:
        ordering = ["profile", "key"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="one_section_per_key")
        ]

    def __str__(self) -> str:
        return self.get_key_display()


class ApplicationQuestion(models.Model):
    """A programme's own question, asked of one side or both."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    side = models.CharField(
        max_length=20, choices=Side.choices, blank=True, help_text="Leave empty to ask both sides."
    )
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_MANAGER = "awaiting_manager", "Waiting for line manager"
        MANAGER_APPROVED = "manager_approved", "Line manager approved"
        MANAGER_DECLINED = "manager_declined", "Line manager declined"
        ACCEPTED = "accepted", "Accepted"
        WAITLISTED = "waitlisted", "Waiting list"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Statuses the programme team may decide from.
    DECIDABLE = {
        Status.AWAITING_MANAGER,
        Status.MANAGER_APPROVED,
        Status.MANAGER_DECLINED,
        Status.WAITLISTED,
        Status.ACCEPTED,
        Status.DECLINED,
    }

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    side = models.CharField(max_length=20, choices=Side.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    band = models.CharField("band or grade", max_length=60, blank=True)
    seniority_level = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    profession = models.CharField(max_length=120, blank=True)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True)
    line_manager_email = models.EmailField("line manager's email address", blank=True)
    line_manager_name = models.CharField("line manager's name", max_length=150, blank=True)
    aspirations = models.TextField("what I hope to gain", blank=True)
    experience = models.TextField("what I bring", blank=True)
    topics = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    meeting_modes = models.JSONField(default=list, blank=True)
    avoid_emails = models.JSONField(default=list, blank=True)
    extra_answers = models.JSONField(default=dict, blank=True)
    eligibility_confirmed = models.BooleanField(default=False)

    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the decision email went out. Until then the decision is a draft.",
    )
    approval_override_reason = models.TextField(
        "why it was accepted without the line manager's approval", blank=True
    )
    manager_declined_after_decision = models.BooleanField(
        default=False,
        help_text="The line manager declined after the team had decided: the team must look again.",
    )
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "side", "applicant__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "applicant"], name="apply_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.applicant} ({self.get_side_display()}), {self.cohort}"

    def save(self, *args, **kwargs) -> None:
        self.seniority_level = seniority_level(self.band) if self.band else None
        super().save(*args, **kwargs)

    @property
    def side_label(self) -> str:
        return self.cohort.programme.side_label(self.side)

    # Decisions the team takes; each is a draft until it is sent.
    DECIDED = {Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED}

    @property
    def decision_is_draft(self) -> bool:
        return self.status in self.DECIDED and self.decision_sent_at is None

    def manager_answer(self) -> str:
        """The line manager's latest answer: 'approved', 'declined' or 'pending'."""
        pending = ManagerApproval.Decision.PENDING
        answered = [a for a in self.approvals.all() if a.decision != pending]
        if not answered:
            return ManagerApproval.Decision.PENDING
        latest = max(answered, key=lambda a: (a.used_at or a.created_at, a.pk))
        return latest.decision

    @property
    def status_for_applicant(self) -> str:
        """What the applicant is told: a decision not yet sent is not theirs to see."""
        if self.decision_is_draft or self.manager_declined_after_decision:
            return "Being considered"
        return self.get_status_display()

    @property
    def window_open(self) -> bool:
        today = timezone.localdate()
        cohort = self.cohort
        return (
            cohort.status == Cohort.Status.RECRUITING
            and cohort.applications_open_on <= today <= cohort.applications_close_on
        )

    @property
    def editable_by_applicant(self) -> bool:
        return self.window_open and self.status in {
            self.Status.DRAFT,
            self.Status.AWAITING_MANAGER,
            self.Status.MANAGER_APPROVED,
        }

    @property
    def can_withdraw(self) -> bool:
        return self.status not in {self.Status.WITHDRAWN, self.Status.DECLINED}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ManagerApprovalQuerySet(models.QuerySet):
    def failed_to_send(self, application) -> "ManagerApprovalQuerySet":
        """The open request whose email could not be sent (the team needs to act)."""
        return self.filter(
            application=application,
            superseded=False,
            decision="pending",
            send_failed_at__isnull=False,
        )


class ManagerApproval(models.Model):
    """A request to a line manager, who needs no account, to approve an application.

    The link carries a random token (256 bits); only its SHA-256 is stored, so a copy of the
    database cannot be used to approve anything. It works once and expires.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    class Channel(models.TextChoices):
        LINK = "link", "By the emailed link"
        RECORDED = "recorded", "Recorded by the programme team"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="approvals")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.LINK)
    comment = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_failed_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)

    objects = ManagerApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Approval from {self.email} for {self.application}"

    @classmethod
    def prepare(cls, application: Application, *, days: int) -> "ManagerApproval":
        """A request whose link does not exist yet: the task that emails the line manager
        mints the token (``mint``), so it is never stored anywhere, not even in the task
        queue. Until then the stored hash is of a token nobody was given."""
        return cls.objects.create(
            application=application,
            email=application.line_manager_email,
            token_hash=_hash(secrets.token_urlsafe(32)),
            expires_at=timezone.now() + timedelta(days=days),
        )

    def mint(self) -> str:
        """A fresh token for the link; only its hash is kept. Any earlier token stops working."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _hash(token)
        self.save(update_fields=["token_hash"])
        return token

    @classmethod
    def issue(cls, application: Application, *, days: int) -> tuple["ManagerApproval", str]:
        token = secrets.token_urlsafe(32)
        approval = cls.objects.create(
            application=application,
            email=application.line_manager_email,
            token_hash=_hash(token),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return approval, token

    @classmethod
    def find(cls, token: str) -> "ManagerApproval | None":
        return (
            cls.objects.select_related("application__cohort__programme", "application__applicant")
            .filter(token_hash=_hash(token))
            .first()
        )

    @property
    def is_usable(self) -> bool:
        return (
            self.used_at is None
            and not self.superseded
            and self.decision == self.Decision.PENDING
            and timezone.now() < self.expires_at
        )


class EqualityMonitoring(models.Model):
    """Optional equality monitoring for one cohort, kept apart from the application.

    Used only for monitoring, in aggregates large enough that nobody can be picked out;
    never to decide about a person (Data Protection Act 2018, Schedule 1, paragraph 8).
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ethnicity = models.CharField(max_length=30, choices=ETHNICITY_CHOICES, blank=True)
    disability = models.CharField(
        "Do you consider yourself to be disabled?",
        max_length=30,
        choices=YES_NO_CHOICES,
        blank=True,
    )
    neurodivergent = models.CharField(
        "Do you consider yourself to be neurodivergent?",
        max_length=30,
        choices=YES_NO_CHOICES,
        blank=True,
    )
    sexual_orientation = models.CharField(
        max_length=30, choices=SEXUAL_ORIENTATION_CHOICES, blank=True
    )
    trans = models.CharField(
        "Is your gender identity different from the sex you were registered at birth?",
        max_length=30,
        choices=YES_NO_CHOICES,
        blank=True,
    )
    religion = models.CharField(
        "Religion or belief", max_length=30, choices=RELIGION_CHOICES, blank=True
    )
    age = models.CharField("Age", max_length=30, choices=AGE_CHOICES, blank=True)
    carer = models.CharField(
        "Do you look after someone because of illness, disability or old age?",
        max_length=30,
        choices=YES_NO_CHOICES,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="monitoring_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"Equality monitoring #{self.pk}"


class LivedExperienceConsent(models.Model):
    """Explicit consent to use chosen lived experience in matching, separate from equality
    monitoring, and as easy to withdraw as to give."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    experiences = models.JSONField(default=list, blank=True)
    given_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="consent_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"Lived-experience consent #{self.pk}"

    @property
    def active(self) -> bool:
        return self.given_at is not None and self.withdrawn_at is None and bool(self.experiences)


class ImportMapping(models.Model):
    """How a cohort's spreadsheet columns map onto application fields, kept for next time."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="import_mapping")
    columns = models.JSONField(default=dict, help_text="Field name → column heading.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Import columns for {self.cohort}"


class ImportUpload(Job):
    """A spreadsheet being imported into a cohort, and the background job that saves it.

    It is uploaded and checked while the person waits (a draft); once they choose to import
    it, the task worker checks every row again and saves them all or none, reporting its
    stage on the import's page (ADR 0015). The file holds personal data, so it lives in the
    database with everything else, not on disk, and is wiped once it has been imported;
    ``prune_finished`` deletes drafts and failed imports left behind."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being checked"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    STAGES = {
        "": "Waiting for the background worker",
        "checking": "Checking every row again",
        "saving": "Saving the applications, all or none",
    }
    RUNNING_LABEL = "Starting the import"
    PRUNE_DELETES = True

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    mapping = models.JSONField(
        default=dict, blank=True, help_text="Field name → column heading, chosen to import."
    )
    value_map = models.JSONField(
        default=dict, blank=True, help_text="Unknown optional answers → what each stands for."
    )
    managers_already_approved = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="New applications saved.")
    updated = models.PositiveIntegerField(default=0, help_text="Applications updated.")

    def __str__(self) -> str:
        return self.filename

    @classmethod
    def prune(cls, *, finished_before) -> int:
        """Finished imports go, and so do files uploaded then left unimported."""
        left = cls.objects.filter(status=cls.Status.DRAFT, uploaded_at__lt=finished_before)
        return super().prune(finished_before=finished_before) + left.delete()[1].get(
            cls._meta.label, 0
        )
