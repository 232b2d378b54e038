{#-
    Children (aged under 16) in relative low-income families, one row per local authority (by
    name, as published, Northern Ireland included) and financial year. The file is wide, a
    column per year headed `2014/15` ... `2021/22 (p)`, landed as `c_2014_15` ... `c_2021_22_p`;
    the year columns are found by their names, so a later extract needs no change here. `..`
    (nil or negligible) is null. The `Unknown` row is kept, labelled; the file's `Total` row has
    one field too few and is quarantined by the landing.
-#}
{%- set column_names = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
{%- for column in adapter.get_columns_in_relation(source('dwp_stat_xplore', 'dwp_stat_xplore__children_in_low_income_families')) -%}
{%- do column_names.append(column.name) -%}
{%- endfor -%}
{%- else -%}
{#- Parsing, or linting without a database: one stand-in column renders SQL of the same shape. -#}
{%- do column_names.append('c_2000_01') -%}
{%- endif -%}
{%- set year_columns = [] -%}
{%- for column_name in column_names -%}
{%- set parts = column_name.split('_') -%}
{%- if parts | length in [3, 4] and parts[0] == 'c' and parts[1] | length == 4 and parts[1].isdigit()
    and parts[2] | length == 2 and parts[2].isdigit() and (parts | length == 3 or parts[3] == 'p') -%}
{%- do year_columns.append({
    'column': column_name,
    'financial_year': parts[1] ~ '-' ~ parts[2],
    'status': 'provisional' if parts | length == 4 else 'published',
}) -%}
{%- endif -%}
{%- endfor %}

with

source as (

    select * from {{ source('dwp_stat_xplore', 'dwp_stat_xplore__children_in_low_income_families') }}

),

unpivoted as (

    {% for year_column in year_columns %}
    select
        trim(year) as authority_name,
        case trim(year) when 'Total' then 'total' when 'Unknown' then 'unknown' else 'local authority' end
            as row_kind,
        '{{ year_column.financial_year }}' as financial_year,
        '{{ year_column.status }}' as revision_status,
        -- `..` is Stat-Xplore's own "nil or negligible" marker, not one published_number knows.
        cast({{ published_number("nullif(trim(" ~ year_column.column ~ "), '..')") }} as bigint) as children,
        '{{ year_column.column }}' as source_column,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
