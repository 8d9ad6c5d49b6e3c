"""The service's own "page not found" and "problem with the service" pages, in demo mode too.

With ``DEBUG`` off Django draws ``404.html``, ``403.html`` and ``500.html`` itself. Demo mode
turns ``DEBUG`` on (the demo runs over plain HTTP), and Django would then show its debug
pages, with settings and a traceback, to someone trying the service. This middleware draws
our pages instead whenever ``DEBUG`` is on. The traceback of an error still goes to the log.

It must sit outside django-allauth's middleware, whose ``process_exception`` turns its own
exceptions into responses first.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template import loader

logger = logging.getLogger("django.request")


def not_found(request):
    return _page(request, "404.html", 404)


def _page(request, template: str, status: int):
    return HttpResponse(loader.render_to_string(template, request=request), status=status)


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view answered this address: Django drew its debug page before any view ran.
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return not_found(request)
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG or isinstance(exception, PermissionDenied):
            return None  # Django draws 403.html itself, with or without DEBUG
        if isinstance(exception, Http404):
            return not_found(request)
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exception,
            extra={"status_code": 500, "request": request},
        )  # fmt: skip
        return _page(None, "500.html", 500)
