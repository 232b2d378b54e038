"""Stand-in for dbt's `adapter.dispatch`, for linting only: resolves to the DuckDB implementation
of the project's dispatched macros, rendered as dbt-duckdb would render them."""

_DUCKDB = {
    "regex_matches": lambda text, pattern: f"regexp_matches({text}, '{pattern}')",
    "parse_uk_date": lambda text: f"cast(try_strptime(trim({text}), '%d/%m/%Y') as date)",
    "regex_replace_all": lambda text, pattern, replacement: f"regexp_replace({text}, '{pattern}', '{replacement}', 'g')",
}


def dispatch(macro_name, macro_namespace=None):
    return _DUCKDB[macro_name]
