"""Stand-in for dbt's `var()`, for linting only: the project's own vars from dbt_project.yml,
so SQL that builds lists or loops from a var renders as dbt renders it (sqlfluff's builtin
stand-in returns the text "item" for every var). Called as `var(name, default)`."""

import sys
import types
from pathlib import Path

import yaml

_VARS = yaml.safe_load((Path(__file__).parent.parent / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


class _VarModule(types.ModuleType):
    # sqlfluff puts each library module in the template context under its name: this one is
    # called like dbt's var.
    unsafe_callable = False
    alters_data = False

    def __call__(self, name, default=None):
        return _VARS.get(name, default)


sys.modules[__name__].__class__ = _VarModule
