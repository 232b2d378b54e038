{#-
    Households on Universal Credit, one row per local authority (by name, as published) and
    month. The file is wide, a column per month headed `<Month> <year>` with `(r)` revised or
    `(p)` provisional; the month columns are found by their names, so a later extract with
    more months needs no change here. `..` (nil or negligible) is null. The `Unknown` and
    `Total` rows are kept, labelled, as the file's own control total.
-#}
{%- set months = {
    'january': '01', 'february': '02', 'march': '03', 'april': '04', 'may': '05', 'june': '06',
    'july': '07', 'august': '08', 'september': '09', 'october': '10', 'november': '11', 'december': '12',
} -%}
{%- set statuses = {'r': 'revised', 'p': 'provisional'} -%}
{%- set column_names = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
{%- for column in adapter.get_columns_in_relation(source('dwp_stat_xplore', 'dwp_stat_xplore__households_on_universal_credit')) -%}
{%- do column_names.append(column.name) -%}
{%- endfor -%}
{%- else -%}
{#- Parsing, or linting without a database: one stand-in column renders SQL of the same shape. -#}
{%- do column_names.append('january_2000') -%}
{%- endif -%}
{%- set month_columns = [] -%}
{%- for column_name in column_names -%}
{%- set parts = column_name.split('_') -%}
{%- if parts | length in [2, 3] and parts[0] in months and parts[1] | length == 4 and parts[1].isdigit()
    and (parts | length == 2 or parts[2] in statuses) -%}
{%- do month_columns.append({
    'column': column_name,
    'month': parts[1] ~ '-' ~ months[parts[0]] ~ '-01',
    'status': statuses[parts[2]] if parts | length == 3 else 'published',
}) -%}
{%- endif -%}
{%- endfor %}

with

source as (

    select * from {{ source('dwp_stat_xplore', 'dwp_stat_xplore__households_on_universal_credit') }}

),

unpivoted as (

    {% for month_column in month_columns %}
    select
        trim(month) as authority_name,
        case trim(month) when 'Total' then 'total' when 'Unknown' then 'unknown' else 'local authority' end
            as row_kind,
        cast('{{ month_column.month }}' as date) as month_start,
        '{{ month_column.status }}' as revision_status,
        -- `..` is Stat-Xplore's own "nil or negligible" marker, not one published_number knows.
        cast({{ published_number("nullif(trim(" ~ month_column.column ~ "), '..')") }} as bigint) as households,
        '{{ month_column.column }}' as source_column,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
