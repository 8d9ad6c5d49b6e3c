"""A request id for every request: in each log line written while it is handled, and in
the ``X-Request-ID`` response header, so a person's "it went wrong at 10:02" can be found.

A proxy's own ``X-Request-ID`` is kept when it looks like an id (letters, digits, dashes,
at most 64), so one id follows the request through the proxy's logs and ours.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_current: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Django logs a request's outcome after the middleware has returned, so the id is
        # forgotten only when the request is finished.
        request_finished.connect(_forget, dispatch_uid="mutuality-request-id")

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request_id = offered if _SAFE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget(**kwargs) -> None:
    _current.set("-")


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
