from django.conf import settings
from django.db import models

from mutuality.programmes.models import Cohort, Participation


class Partnership(models.Model):
    """Two learning partners, made when the programme team publishes a match run."""

    class Status(models.TextChoices):
        INTRODUCED = "introduced", "Introduced"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended early"
        COMPLETED = "completed", "Completed"

    class EndReason(models.TextChoices):
        LEFT = "left_organisation", "Left the organisation"
        UNAVAILABLE = "unavailable", "Partner unavailable"
        NOT_WORKING = "not_working", "Not working out"
        OTHER = "other", "Other"

    class Leaving(models.TextChoices):
        """Who left the programme when the partnership ended. A partner who stays may be
        given a new partner; one who left is not."""

        ASPIRING = "aspiring", "The aspiring leader"
        ESTABLISHED = "established", "The established leader"
        BOTH = "both", "Both"
        NEITHER = "neither", "Neither"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="partnerships")
    aspiring = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="+")
    established = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTRODUCED)
    score = models.FloatField(null=True)
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    aspiring_agreed_at = models.DateTimeField(null=True, blank=True)
    established_agreed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    leaving = models.CharField(
        "who is leaving the programme", max_length=20, choices=Leaving.choices, blank=True
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    # At the end of the cohort, each partner's plans (feeding the alumni pool).
    aspiring_keep_meeting = models.BooleanField(null=True, blank=True)
    established_keep_meeting = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "pk"]

    def __str__(self) -> str:
        return f"{self.aspiring.user} and {self.established.user}"

    def partner_of(self, user) -> Participation:
        return self.established if self.aspiring.user_id == user.pk else self.aspiring


# A partnership still under way: introduced, agreed or meeting. Ended and completed ones are not.
LIVE = [Partnership.Status.INTRODUCED, Partnership.Status.AGREED, Partnership.Status.ACTIVE]


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"


class Meeting(models.Model):
    """A meeting one partner logged. No content is asked for: only that it happened."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    met_on = models.DateField("date")
    minutes = models.PositiveSmallIntegerField("length in minutes", default=60)
    mode = models.CharField("how you met", max_length=20, choices=MeetingMode.choices)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.met_on}"


class PlannedMeeting(models.Model):
    """The next meeting a pair has planned, for the calendar file."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="next_meeting"
    )
    starts_at = models.DateTimeField("date and time")
    minutes = models.PositiveSmallIntegerField("length in minutes", default=60)
    mode = models.CharField("how you will meet", max_length=20, choices=MeetingMode.choices)
    where = models.CharField("where, or the video link", max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Next meeting at {self.starts_at}"


class Goal(models.Model):
    """One partner's own goal: both partners mentor and both learn, so each keeps a set."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField("goal", max_length=300)
    shared_with_partner = models.BooleanField("my partner may see this goal", default=True)
    achieved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text


class GoalNote(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("progress")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Progress on goal {self.goal_id}"


class SharedNote(models.Model):
    """Notes only the two partners can read."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="shared_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Shared note {self.pk}"


class Reflection(models.Model):
    """A private reflection, readable by its author alone. Only ciphertext is stored (see
    ``crypto``); the text never appears in ``__str__``, the admin, exports or logs."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="reflections"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ciphertext = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Private reflection {self.pk}"


class SupportRequest(models.Model):
    class Kind(models.TextChoices):
        NOT_GETTING_ON = "not_getting_on", "We're not getting on"
        QUIET = "quiet", "My partner has gone quiet"
        ADJUSTMENT = "adjustment", "I need an adjustment"
        OTHER = "other", "Something else"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="support_requests"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("what is it about?", max_length=20, choices=Kind.choices)
    text = models.TextField("tell the faculty more", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Support request {self.pk} ({self.get_kind_display()})"


class NudgeSent(models.Model):
    """One row per message a nudge rule sent, so running the rules twice sends nothing twice."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=40)
    # What the nudge was about: e.g. the date of the last contact it counted from.
    about = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "rule", "about"], name="nudge_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule} for partnership {self.partnership_id}"


class SupervisionNote(models.Model):
    """Faculty's notes on a pair: faculty and the programme team only."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="supervision_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Supervision note {self.pk}"
