{#-
    The var `scenario` (dbt_project.yml; `total-place scenario FILE.yml` passes another). While
    sqlfluff lints, var() is a stand-in that is not a mapping: a scenario of the same shape
    stands in for it, so the templated SQL can be linted.
-#}
{% macro scenario_var() -%}
{%- set scenario = var('scenario') -%}
{%- if scenario is mapping -%}
{{ return(scenario) }}
{%- endif -%}
{{ return({
    'name': 'lint', 'places': ['place'], 'base_year': '2017-18', 'years': 2, 'shift_per_year': 0.02,
    'from_stage': 'acute and crisis response',
    'contributors': [{'partner': 'council', 'source': 'revenue_outturn', 'line': '360'}],
    'pooled_themes': {'older people': 1.0}, 'to_stages': {'tertiary prevention': 1.0},
}) }}
{%- endmacro %}
