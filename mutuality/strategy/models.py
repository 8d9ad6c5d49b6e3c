"""A system's People Strategy, as loaded from a structured file (``mutuality.strategyfile``).

The file is the source of truth a people team edits; these rows exist so programmes and
steering-group actions can point at initiatives, and so the dashboard can put live programme
figures beside them. Importing a new version keeps those links by initiative key.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from mutuality.programmes.models import Programme


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"


class Strategy(models.Model):
    name = models.CharField(max_length=300)
    system = models.CharField(max_length=300)
    periods = models.JSONField(default=list, help_text="Period labels in order, e.g. 2024/25.")
    frameworks = models.JSONField(
        default=list, help_text="The national frameworks the workstreams are mapped to."
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("strategy:dashboard")


class Objective(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "key"], name="objective_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Workstream(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="workstreams")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    objective_keys = models.JSONField(default=list, help_text="Keys of the objectives it serves.")
    senior_responsible_owner = models.CharField(max_length=300, blank=True)
    lead = models.CharField(max_length=300, blank=True)
    framework_links = models.JSONField(
        default=list, help_text="[framework key, item key] pairs for the matrix."
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "key"], name="workstream_key_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def objectives(self) -> list[Objective]:
        """The objectives it serves, in the order the file gives them."""
        found = {o.key: o for o in self.strategy.objectives.filter(key__in=self.objective_keys)}
        return [found[k] for k in self.objective_keys if k in found]


class Initiative(models.Model):
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="initiatives")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    programmes = models.ManyToManyField(Programme, blank=True, related_name="initiatives")

    class Meta:
        ordering = ["workstream", "order"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="actions")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    period = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "order"]

    def __str__(self) -> str:
        return self.title
