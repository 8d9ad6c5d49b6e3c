from django.conf import settings
from django.db import models
from django.urls import reverse

from mutuality.programmes.models import Cohort, Programme


class Kind(models.TextChoices):
    PREPARATORY = "preparatory", "Preparatory workshop"
    LEARNING_LAB = "learning_lab", "Learning lab"
    WORKSHOP = "workshop", "Workshop"
    SURGERY = "surgery", "Check-in surgery"
    GROUP_SUPERVISION = "group_supervision", "Group supervision"
    SUPERVISION_SLOT = "supervision_slot", "One-to-one supervision"
    MID_REVIEW = "mid_review", "Mid-point review"
    FINAL_REVIEW = "final_review", "Final review"
    GRADUATION = "graduation", "Graduation"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone taking part"
    ASPIRING = "aspiring", "The first side only"
    ESTABLISHED = "established", "The second side only"
    WITH_MANAGERS = "with_managers", "Everyone, with line managers invited"


def audience_choices(programme) -> list[tuple[str, str]]:
    """Who a session is for, with the programme's own names for its two sides."""
    names = {
        Audience.ASPIRING: f"{programme.side_plural('aspiring')} only",
        Audience.ESTABLISHED: f"{programme.side_plural('established')} only",
    }
    return [
        (value, names.get(value, label)[:1].upper() + names.get(value, label)[1:])
        for value, label in Audience.choices
    ]


class TemplateItem(models.Model):
    """One session in a programme's standard timeline, placed relative to the cohort start."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    mandatory = models.BooleanField(default=False)
    offset_days = models.IntegerField(help_text="Days after the cohort starts (negative: before).")
    start_time = models.TimeField(default="10:00")
    minutes = models.PositiveSmallIntegerField(default=120)

    class Meta:
        ordering = ["programme", "offset_days"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("date and time")
    minutes = models.PositiveSmallIntegerField("length in minutes", default=120)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    mandatory = models.BooleanField(default=False)
    online = models.BooleanField("online", default=False)
    link = models.URLField("joining link", blank=True)
    venue = models.CharField("place", max_length=200, blank=True)
    address = models.TextField(blank=True)
    accessibility = models.TextField("accessibility information", blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("timeline:session", args=[self.cohort_id, self.pk])

    def audience_text(self) -> str:
        """Who the session is for, in the programme's words ("Mentees only")."""
        return dict(audience_choices(self.cohort.programme)).get(self.audience, self.audience)

    @property
    def uid(self) -> str:
        return f"session-{self.pk}@{settings.SERVICE_NAME.lower()}"


class Material(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    link = models.URLField(blank=True)
    file = models.FileField(upload_to="materials/", blank=True)

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    class Reply(models.TextChoices):
        NONE = "", "Not replied"
        ATTENDING = "attending", "Attending"
        NOT_ATTENDING = "not_attending", "Can't attend"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reply = models.CharField(max_length=20, choices=Reply.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="invited_once")]

    def __str__(self) -> str:
        return f"{self.user} to {self.session}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="register")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_mark_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} {'present' if self.present else 'absent'} at {self.session}"


class SupervisionSlot(models.Model):
    """A one-to-one supervision time a member of faculty offers; a participant books it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="slots")
    faculty = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField("date and time")
    minutes = models.PositiveSmallIntegerField("length in minutes", default=45)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Supervision with {self.faculty} at {self.starts_at}"
