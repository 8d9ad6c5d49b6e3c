"""Settings for the task workers the multi-process tests start: the database queue, a mail
backend that records each message outside the database (as a real mail server would, so a
message handed over and then rolled back still counts as sent), and short timings."""

import os

from mutuality.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILERS = {"default": {"BACKEND": "tests.ops.mail.RecordingBackend"}}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.ops.slow"]  # noqa: F405
JOB_HEARTBEAT_SECONDS = 1
JOB_STALLED_SECONDS = 4
EMAIL_RETRY_AFTER_SECONDS = 2
MUTUALITY_REPORT_INLINE_LIMIT = 0
OPS_MAIL_LOG = os.environ.get("OPS_MAIL_LOG", "")
OPS_SLOW_SECONDS = float(os.environ.get("OPS_SLOW_SECONDS", "0"))
