{#-
    ONS's implied GDP deflator (YBGB), one row per calendar year and per quarter, with the
    series' own metadata (CDID, dataset, release date) on every row.

    The generator's file has no header: the first line, "Title" and the series title, became
    the column names, so the label and value columns are taken by position, not by name.
    The index base is not in the file (its "£ m" unit is boilerplate): it is the calendar year
    whose value is exactly 100.
-#}
{%- set published_columns = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
    {%- for column in adapter.get_columns_in_relation(source('ons_national_accounts', 'ons__gdp_deflator_ybgb')) -%}
        {%- if not column.name.startswith('_') -%}{%- do published_columns.append(column.name) -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set label = published_columns[0] if published_columns else 'null' -%}
{%- set value = published_columns[1] if published_columns | length > 1 else 'null' -%}

with

source as (

    select * from {{ source('ons_national_accounts', 'ons__gdp_deflator_ybgb') }}

),

metadata as (

    select
        max(case when trim({{ label }}) = 'CDID' then trim({{ value }}) end) as series_id,
        max(case when trim({{ label }}) = 'Source dataset ID' then trim({{ value }}) end) as dataset_id,
        max(case when trim({{ label }}) = 'Release date' then trim({{ value }}) end) as release_date

    from source

),

periods as (

    -- Each cast only where the label is a period: the metadata rows hold text in both columns.
    select
        case
            when {{ regex_matches('trim(' ~ label ~ ')', '^[0-9]{4}$') }} then 'calendar year'
            else 'quarter'
        end as period_kind,
        trim({{ label }}) as period,
        case
            when {{ regex_matches('trim(' ~ label ~ ')', '^[0-9]{4}( Q[1-4])?$') }}
                then cast(substring(trim({{ label }}), 1, 4) as integer)
        end as calendar_year,
        case
            when {{ regex_matches('trim(' ~ label ~ ')', '^[0-9]{4} Q[1-4]$') }}
                then cast(right(trim({{ label }}), 1) as integer)
        end as calendar_quarter,
        case
            when {{ regex_matches('trim(' ~ label ~ ')', '^[0-9]{4}( Q[1-4])?$') }}
                then {{ published_number(value) }}
        end as gdp_deflator_index,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    where {{ regex_matches('trim(' ~ label ~ ')', '^[0-9]{4}( Q[1-4])?$') }}

),

index_base as (

    -- The file does not state its reference year: it is the year whose value is 100.
    select max(calendar_year) as reference_year
    from periods
    where period_kind = 'calendar year' and gdp_deflator_index = 100

),

based as (

    select
        periods.period_kind,
        periods.period,
        periods.calendar_year,
        periods.calendar_quarter,
        periods.gdp_deflator_index,
        cast(index_base.reference_year as {{ dbt.type_string() }}) || ' = 100' as index_base,
        metadata.series_id,
        metadata.dataset_id,
        metadata.release_date,
        periods.source_file,
        periods.source_row_number

    from periods
    cross join metadata
    cross join index_base

)

select * from based
