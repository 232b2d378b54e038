{#-
    Stage several ONS district-to-area lookups (different vintages and publishers of the same
    relationship) as one relation: boundary_year, district_code, district_name, <code_alias>,
    <name_alias>, source_file, source_row_number.

    `lookups` is a list of dicts: source_name, table, boundary_year, and the raw column names
    district_code, district_name, area_code, area_name. A district listed several times in one
    file (once per community safety partnership, say) appears once, with its first row.
-#}
{% macro union_district_lookups(lookups, code_alias, name_alias) %}

with

{% for lookup in lookups %}
lookup_{{ loop.index }} as (

    select
        {{ lookup.boundary_year }} as boundary_year,
        upper(trim({{ lookup.district_code }})) as district_code,
        trim({{ lookup.district_name }}) as district_name,
        upper(trim({{ lookup.area_code }})) as {{ code_alias }},
        trim({{ lookup.area_name }}) as {{ name_alias }},
        _source_file as source_file,
        min(_row_number) as source_row_number

    from {{ source(lookup.source_name, lookup.table) }}
    group by 1, 2, 3, 4, 5, 6

),

{% endfor %}
{%- set lookup_selects = [] -%}
{%- for lookup in lookups -%}
{%- do lookup_selects.append('select * from lookup_' ~ loop.index) -%}
{%- endfor %}
unioned as (

    {{ lookup_selects | join('\n    union all\n    ') }}

)

select * from unioned

{% endmacro %}
