{#- CRA 2018 spend, one row per segment, region and financial year, in pounds. -#}
{%- set years = ['2013_14', '2014_15', '2015_16', '2016_17', '2017_18'] -%}

with

source as (

    select * from {{ source('hmt', 'hmt__cra_2018') }}

),

uk_regions as (

    select * from {{ ref('uk_regions') }}

),

unpivoted as (

    {% for year in years %}
    select
        '{{ year | replace("_", "-") }}' as financial_year,
        trim(department_name) as department_name,
        trim(organisation_name) as organisation_name,
        trim(cra_segment_code) as cra_segment_code,
        trim(cra_segment_name) as cra_segment_name,
        trim(cofog_level_0) as cofog_function,
        trim(hmt_function) as hmt_function,
        trim(cofog_level_1) as cofog_subfunction,
        trim(hmt_subfunction) as hmt_subfunction,
        trim(id_non_id) = 'ID' as is_identifiable,
        trim(cap_or_cur) as capital_or_current,
        trim(cg_lg_pc_boe) as sector_code,
        trim(allocated_by_hmt_or_dept) as allocated_by,
        trim(nuts_region) as published_region,
        -- "ENGLAND_North East" for English regions, the nation's name elsewhere.
        lower(trim(replace(nuts_region, 'ENGLAND_', ''))) as region_key,
        trim(country) as country,
        trim(c_{{ year }}) as published_value,
        round({{ published_number('c_' ~ year) }} * 1000, 2) as spend_gbp,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from source
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

coded as (

    select
        unpivoted.financial_year,
        unpivoted.department_name,
        unpivoted.organisation_name,
        unpivoted.cra_segment_code,
        unpivoted.cra_segment_name,
        unpivoted.cofog_function,
        unpivoted.hmt_function,
        unpivoted.cofog_subfunction,
        unpivoted.hmt_subfunction,
        unpivoted.is_identifiable,
        unpivoted.capital_or_current,
        unpivoted.sector_code,
        unpivoted.allocated_by,
        unpivoted.published_region,
        uk_regions.region_code,
        unpivoted.country,
        unpivoted.published_value,
        unpivoted.spend_gbp,
        unpivoted.source_file,
        unpivoted.source_sheet,
        unpivoted.source_row_number

    from unpivoted
    left join uk_regions
        on
            unpivoted.region_key = lower(uk_regions.region_name)
            -- The CRA says "East" for the East of England.
            or (unpivoted.region_key = 'east' and uk_regions.region_code = 'E12000006')

)

select * from coded
