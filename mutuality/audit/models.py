from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Something a person did that the programme office must be able to account for later:
    a decision recorded on someone else's behalf, special category data read, an export.

    Events are written, never edited; ``detail`` holds the reason and any identifiers, and
    never the personal data itself.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


def audit(*, actor, action: str, target: models.Model, **detail) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        detail=detail,
    )


SPECIAL_CATEGORY_READ = "special_category.read"
SPECIAL_CATEGORY_TOTALS_READ = "special_category.totals_read"


def audit_special_category_read(*, actor, subjects, what: str, where: str) -> int:
    """Record that ``actor`` read special category data (``what``, e.g. "reasonable
    adjustments") about each of ``subjects`` on the page ``where``. A person reading their own
    data is not recorded. Returns the number of events written."""
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    events = [
        AuditEvent(
            actor_id=actor_id,
            action=SPECIAL_CATEGORY_READ,
            target_type=subject._meta.label_lower,
            target_id=str(subject.pk),
            detail={"what": what, "where": where},
        )
        for subject in subjects
        if subject.pk != actor_id
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
