import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
application = get_wsgi_application()

if os.environ.get("MUTUALITY_WARM_UP", "true").strip().lower() not in ("false", "0", "no"):
    from mutuality.warmup import warm

    warm()
