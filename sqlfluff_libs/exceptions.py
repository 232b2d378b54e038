"""Stand-in for dbt's `exceptions` context, for linting only: a guard that would stop dbt renders
nothing here, so the SQL around it is linted as dbt would compile it."""


def raise_compiler_error(message):
    return ""
