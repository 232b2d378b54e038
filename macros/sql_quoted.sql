{#- A value (from a var) as a SQL string literal, its quotes doubled. -#}
{% macro sql_quoted(value) -%}
'{{ value | string | replace("'", "''") }}'
{%- endmacro %}
