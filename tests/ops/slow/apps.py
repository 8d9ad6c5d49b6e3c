import time

from django.apps import AppConfig
from django.conf import settings


class SlowReportsConfig(AppConfig):
    name = "tests.ops.slow"
    label = "ops_slow"

    def ready(self) -> None:
        from mutuality.evaluation import presenters

        real = presenters.pdf_for

        def slow_pdf_for(report_file):
            time.sleep(settings.OPS_SLOW_SECONDS)
            return real(report_file)

        presenters.pdf_for = slow_pdf_for
