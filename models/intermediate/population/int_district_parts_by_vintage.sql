{#-
    One row per part and April vintage: the parts are the English districts of the earliest
    vintage in the code chains (2016), and each row says which district of the vintage the
    part is, or is part of. Every change since has been a merger of whole districts, so every
    district of every vintage is a whole number of parts: the common unit that estimates
    published on one vintage are moved to another through.

    The vintages are the chains' district_code_YYYY columns, found by that pattern; the part
    of a chain is its earliest vintage's district.
-#}
{%- set boundary_years = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
    {%- for column in adapter.get_columns_in_relation(ref('stg_ons_geography__district_code_chains')) -%}
        {%- set year = modules.re.fullmatch('district_code_([0-9]{4})', column.name) -%}
        {%- if year -%}{%- do boundary_years.append(year.group(1) | int) -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set part_year = boundary_years | min if boundary_years else none -%}

with

code_chains as (

    select * from {{ ref('stg_ons_geography__district_code_chains') }}

),

unpivoted as (

    {% if not boundary_years %}
    -- dbt parsing, without the database: no rows, the same columns.
    select
        cast(null as varchar) as part_code,
        cast(null as varchar) as part_name,
        cast(null as integer) as boundary_year,
        cast(null as varchar) as district_code,
        cast(null as varchar) as district_name

    from code_chains
    where 1 = 0
    {% endif %}
    {% for year in boundary_years | sort %}
    select
        district_code_{{ part_year }} as part_code,
        district_name_{{ part_year }} as part_name,
        {{ year }} as boundary_year,
        district_code_{{ year }} as district_code,
        district_name_{{ year }} as district_name

    from code_chains
    -- Places are English districts: those whose reporting-vintage district is English.
    where district_code_{{ var('reporting_boundary_year') }} like 'E%'
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

),

final as (

    select distinct
        part_code,
        part_name,
        boundary_year,
        district_code,
        district_name

    from unpivoted

)

select * from final
