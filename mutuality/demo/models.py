from django.db import models


class OutboxMessage(models.Model):
    """An email the demo kept instead of sending, so a newcomer can read it in the app."""

    to = models.TextField(help_text="Recipients, one per line.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return self.to.splitlines()
