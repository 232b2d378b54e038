{#-
    CRA spend, one row per segment, region and financial year, in pounds. The database has a
    column of £ thousand per financial year ("2013-14" lands as c_2013_14): the years are the
    columns of that pattern, so a database with other years needs no change here.
-#}
{%- set years = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
    {%- for column in adapter.get_columns_in_relation(source('hmt', 'hmt__cra_2018')) -%}
        {%- set year = modules.re.fullmatch('c_([0-9]{4}_[0-9]{2})', column.name) -%}
        {%- if year -%}{%- do years.append(year.group(1)) -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

source as (

    select * from {{ source('hmt', 'hmt__cra_2018') }}

),

uk_regions as (

    select * from {{ ref('uk_regions') }}

),

unpivoted as (

    {#- dbt parsing, without the database, finds no columns: one branch of no rows. #}
    {% for year in years or [none] %}
    {%- set value_column = 'c_' ~ year if year else 'cast(null as varchar)' %}
    select
        {{ "'" ~ year | replace("_", "-") ~ "'" if year else 'cast(null as varchar)' }} as financial_year,
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
        trim({{ value_column }}) as published_value,
        round({{ published_number(value_column) }} * 1000, 2) as spend_gbp,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from source
    {% if not year %}where 1 = 0{% endif %}
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
