{#-
    Columns into rows, chosen by a seed: one select per column of `relation` whose name fully
    matches a pattern (a Python regular expression) of the `patterns` seed, each giving the
    `id_columns`, the matching seed row's `key_column` value, the column's name (`source_column`)
    and its text (`published_value`), all unioned. The columns are read from the relation as it is
    in the database and the patterns from the seed, so a file that adds a column, or a seed row
    that adds a pattern, needs no SQL. `from_relation` is what the selects read (an import CTE of
    the model; the relation itself by default). A column matching no pattern is left out; one
    matching several patterns comes once per matching row.
-#}
{% macro unpivot_columns_by_pattern(relation, id_columns, patterns, pattern_column, key_column, from_relation=none) %}
{%- set matched = [] -%}
{%- if execute -%}
{%- set seed_rows = run_query('select ' ~ key_column ~ ', ' ~ pattern_column ~ ' from ' ~ patterns) -%}
{%- for column in adapter.get_columns_in_relation(relation) -%}
{%- for key, pattern in seed_rows.rows if modules.re.fullmatch(pattern, column.name) -%}
{%- do matched.append({'column': column.name, 'key': key}) -%}
{%- endfor -%}
{%- endfor -%}
{%- endif -%}
{%- set source_relation = from_relation if from_relation is not none else relation -%}
{%- if matched | length == 0 %}
-- Nothing matched (or dbt is parsing, without the database): no rows, the same columns.
select
    {{ id_columns | join(', ') }},
    cast(null as {{ dbt.type_string() }}) as {{ key_column }},
    cast(null as {{ dbt.type_string() }}) as source_column,
    cast(null as {{ dbt.type_string() }}) as published_value
from {{ source_relation }}
where 1 = 0
{%- endif %}
{%- for match in matched %}
select
    {{ id_columns | join(', ') }},
    {{ "'" ~ match.key ~ "'" if match.key is string else match.key }} as {{ key_column }},
    '{{ match.column }}' as source_column,
    cast({{ adapter.quote(match.column) }} as {{ dbt.type_string() }}) as published_value
from {{ source_relation }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{% endmacro %}
