"""The project's dbt macros rendered from Python, so landing's SQL and staging share one definition
of each reading rule (a date, an amount, a number). The macros they use are plain Jinja and SQL:
no dbt context, which is what lets both render them."""

from __future__ import annotations

import functools

import jinja2

from total_place.settings import PROJECT_ROOT

MACROS_DIR = PROJECT_ROOT / "macros"


@functools.cache
def _module(file_name: str) -> object:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    return environment.from_string((MACROS_DIR / file_name).read_text(encoding="utf-8")).module


@functools.lru_cache(maxsize=4096)  # landing renders the same few calls for every file of a shape
def render(file_name: str, macro: str, *args: str) -> str:
    """The SQL a macro of macros/<file_name> prints for the given arguments (SQL expressions)."""
    return str(getattr(_module(file_name), macro)(*args)).strip()


def sql_text(value: str) -> str:
    """A SQL string literal holding `value`."""
    return "'" + value.replace("'", "''") + "'"


def quoted(name: str) -> str:
    """A SQL identifier, quoted: any text is safe in it."""
    return '"' + name.replace('"', '""') + '"'
