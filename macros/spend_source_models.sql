{#-
    The models that place each spend source (the spend_sources seed's placed_model column),
    read when the model runs. While dbt parses it returns nothing, so a model calling it must
    also name each of them in a `-- depends_on:` comment; unit tests override it with a list.
-#}
{% macro spend_source_models() -%}
{%- if not execute -%}
{{ return([]) }}
{%- endif -%}
{%- set query -%}
select distinct placed_model from {{ ref('spend_sources') }} order by placed_model
{%- endset -%}
{{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}
