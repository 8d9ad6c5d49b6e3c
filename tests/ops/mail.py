"""A stand-in mail server for the multi-process tests: it writes "start" when a message
begins, takes ``OPS_SLOW_SECONDS`` to talk, then appends "sent" (accepted) and a "to" line
naming each recipient to a log file."""

import os
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def _append(line: str) -> None:
    fd = os.open(settings.OPS_MAIL_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            _append(f"start {message.subject}")
            time.sleep(settings.OPS_SLOW_SECONDS)
            _append(f"sent {message.subject}")
            for address in message.to:
                _append(f"to {address} {message.subject}")
        return len(email_messages)
