{#- True where `text` matches the regular expression `pattern`; the one spelling SQL engines disagree on. -#}
{% macro regex_matches(text, pattern) -%}
{{ return(adapter.dispatch('regex_matches', 'total_place')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(text, pattern) -%}
regexp_like({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regex_matches(text, pattern) -%}
regexp_matches({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_matches(text, pattern) -%}
{{ text }} rlike '{{ pattern }}'
{%- endmacro %}
