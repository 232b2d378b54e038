{#-
    ONS mid-year estimates of total persons (MYE5), one row per workbook, area and mid-year:
    every UK area of the hierarchy (countries, regions, counties, districts), mid-2001 to the
    release's year, each year re-based by ONS to the workbook's boundaries.

    The same release is published on two code vintages; the vintage is the year before
    "ladcodes" in the file name (ukmidyearestimates20192020ladcodes.xls is on April 2020
    codes). The years are the columns "Estimated Population mid-YYYY" (each followed by that
    year's people per sq. km), found by that pattern, so a release with more years needs no
    change here.
-#}
{%- set years = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
    {%- for column in adapter.get_columns_in_relation(source('ons_mid_year_estimates', 'ons_mye__mye5_population_density')) -%}
        {%- set year = modules.re.fullmatch('estimated_population_mid_([0-9]{4})', column.name) -%}
        {%- if year -%}{%- do years.append(year.group(1)) -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

source as (

    select * from {{ source('ons_mid_year_estimates', 'ons_mye__mye5_population_density') }}

),

unpivoted as (

    {% if not years %}
    -- dbt parsing, or a workbook with no year columns: no rows, the same columns.
    select
        cast(null as integer) as mid_year,
        cast(null as integer) as boundary_year,
        code as area_code,
        name as area_name,
        geography1 as geography_level,
        cast(null as double) as area_sq_km,
        cast(null as bigint) as population,
        cast(null as double) as people_per_sq_km,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from source
    where 1 = 0
    {% endif %}
    {% for year in years %}
    select
        {{ year }} as mid_year,
        cast(
            right({{ dbt.split_part('_source_file', "'ladcodes'", 1) }}, 4) as integer
        ) as boundary_year,
        upper(trim(code)) as area_code,
        trim(name) as area_name,
        trim(geography1) as geography_level,
        {{ published_number('area_sq_km') }} as area_sq_km,
        cast({{ published_number('estimated_population_mid_' ~ year) }} as bigint) as population,
        {{ published_number('c_' ~ year ~ '_people_per_sq_km') }} as people_per_sq_km,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from source
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
