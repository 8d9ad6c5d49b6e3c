"""Work each web process would otherwise do on its first request, done when it starts.

Jinja compiles a template the first time it is rendered, and the identifying-detail check
builds its name lists on first use (about a second). Each gunicorn worker is its own
process, so without this every worker's first visit to each page pays for both: measured
with ``bench/web.py``, that alone put a few rarely visited pages over the 250 ms target.
``mutuality/wsgi.py`` calls :func:`warm` as the process starts, before it serves anyone
(with gunicorn's ``--preload`` the workers inherit the master's work). Management commands
and tests do not call it. Set ``MUTUALITY_WARM_UP=false`` to skip it.
"""

import gc
import logging
import time

logger = logging.getLogger(__name__)


def compile_templates() -> int:
    """Compiles every one of the project's Jinja templates; returns how many."""
    from django.template import engines

    environment = engines["jinja2"].env
    names = [
        name
        for name in environment.list_templates(extensions=("jinja", "html", "txt"))
        if not name.startswith("admin/")
    ]
    for name in names:
        environment.get_template(name)
    return len(names)


def build_word_lists() -> None:
    """The tables behind the identifying-detail check and the theme words."""
    from mutuality.themes import names, words

    names.gazetteer()
    names.english_words()
    names.name_words()
    words.vocabulary()


def warm() -> None:
    started = time.perf_counter()
    templates = compile_templates()
    build_word_lists()
    # What is loaded now lives as long as the process: move it out of the garbage
    # collector's sight, so its full collections stay short and forked workers share it.
    gc.collect()
    gc.freeze()
    logger.info(
        "Warmed up: %d templates compiled and word lists built in %.1f s",
        templates,
        time.perf_counter() - started,
    )
