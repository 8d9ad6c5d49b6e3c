from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    """Keeps every email in the demo outbox instead of sending it. Demo mode only."""

    def send_messages(self, email_messages) -> int:
        from .models import OutboxMessage

        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            OutboxMessage.objects.create(
                to="\n".join(message.recipients()),
                subject=message.subject,
                body=message.body,
                html_body=html,
            )
        return len(email_messages)
