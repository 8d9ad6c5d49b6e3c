from django.db import models


class Place(models.Model):
    """A local area of the system, usually a local authority footprint."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ICB = "icb", "Integrated care board"
        NHS_TRUST = "nhs_trust", "NHS trust"
        PRIMARY_CARE = "primary_care", "Primary care"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        VCSE = "vcse", "Voluntary, community and social enterprise"
        SOCIAL_CARE = "social_care", "Social care provider"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="How people usually refer to it, e.g. 'City Hospitals'.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Leave empty for organisations that work across the whole system.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name
