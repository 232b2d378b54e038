{#- Every English district code of every April vintage 2016-2024, with the 2023 district it became. -#}
{%- set boundary_years = range(2016, 2025) -%}
{#- The chains are read into their 2023 columns by name; another reporting year needs this
    model (and its columns' names) moved to that year first, not a silent mismatch. -#}
{%- if var('reporting_boundary_year') | int != 2023 -%}
{{ exceptions.raise_compiler_error(
    "int_district_codes_mapped_to_2023 restates districts onto April 2023 boundaries, but var "
    ~ "reporting_boundary_year is " ~ var('reporting_boundary_year') ~ ": move it to that year first"
) }}
{%- endif %}

with

code_chains as (

    select * from {{ ref('stg_ons_geography__district_code_chains') }}

),

unpivoted as (

    {% for year in boundary_years %}
    select
        {{ year }} as boundary_year,
        district_code_{{ year }} as district_code,
        district_name_{{ year }} as district_name,
        district_code_2023,
        district_name_2023

    from code_chains
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

),

final as (

    select distinct
        boundary_year,
        district_code,
        district_name,
        district_code_2023,
        district_name_2023,
        district_code <> district_code_2023 as is_restated

    from unpivoted
    -- Places are English districts. Scottish chains also carry a 2018 boundary transfer
    -- between Fife and Perth and Kinross that is not a whole-district merger.
    where district_code_2023 like 'E%'

)

select * from final
