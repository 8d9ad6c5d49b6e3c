"""Web processes compile every template and build the word lists as they start
(mutuality/warmup.py), so no visitor waits for it and a broken template stops the start."""

import gc
from pathlib import Path

import pytest
from django.template import engines
from jinja2 import ChoiceLoader, FileSystemLoader

from mutuality import warmup
from mutuality.themes import names

TEMPLATES = Path(__file__).resolve().parent.parent / "mutuality" / "jinja2"


def test_every_template_of_the_project_is_compiled():
    environment = engines["jinja2"].env
    environment.cache.clear()
    compiled = warmup.compile_templates()
    on_disk = [p for p in TEMPLATES.rglob("*") if p.suffix in {".jinja", ".html", ".txt"}]
    assert compiled >= len(on_disk) > 100
    # Each is now in the environment's cache: rendering it later compiles nothing.
    assert len(environment.cache) >= len(on_disk)


def test_a_broken_template_stops_the_warm_up(tmp_path):
    environment = engines["jinja2"].env
    broken = tmp_path / "broken.jinja"
    broken.write_text("{% if %}")
    loader = environment.loader
    environment.loader = ChoiceLoader([FileSystemLoader(str(tmp_path)), loader])
    try:
        with pytest.raises(Exception, match="broken.jinja|Expected an expression"):
            warmup.compile_templates()
    finally:
        environment.loader = loader


def test_the_name_lists_are_built_once_at_start():
    names.gazetteer.cache_clear()
    warmup.build_word_lists()
    assert names.gazetteer.cache_info().currsize == 1


def test_what_was_loaded_at_start_is_kept_out_of_the_collectors_way():
    gc.unfreeze()
    warmup.warm()
    try:
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
