"""Settings for bench/web.py's server: the project's own, with one shared cache.

Django's default cache lives in each process's memory, so each of gunicorn's workers would
build every cohort's report for itself. Production runs a shared cache; if the project's
settings do not already name one, this uses Django's database cache (its table is made by
``createcachetable`` when the benchmark sets up).
"""

from mutuality.settings import *  # noqa: F403

_backend = globals().get("CACHES", {}).get("default", {}).get("BACKEND", "LocMemCache")
if _backend.endswith("LocMemCache"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mutuality_bench_cache",
        }
    }
