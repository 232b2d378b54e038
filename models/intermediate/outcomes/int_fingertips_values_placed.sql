{#-
    Fingertips values attached to the 2023 districts they describe. Sources mix district,
    county, unitary and combined authority codes of several vintages; a district gets:
    1. its own value, where a district code of any vintage is the whole of it (recoded
       districts included, merged ones not: their predecessors' rates cannot be combined
       without counts);
    2. otherwise the value of its upper-tier area, flagged: its 2023 county, or the 2019
       county that held all of its predecessors (Buckinghamshire, Northamptonshire, Cumbria,
       North Yorkshire, Somerset, Dorset) - never a made-up district value.
    Combined authority and England rows are not places; England values are kept apart.
-#}

with

series_checked as (

    select * from {{ ref('int_fingertips_series_checked') }}

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

district_upper_tiers as (

    select * from {{ ref('stg_ons_geography__district_upper_tiers') }}

),

places as (

    select * from {{ ref('int_reporting_districts') }}

),

district_code_targets as (

    -- A code stands for a 2023 district only when, in its vintage, it is the whole of it:
    -- one of three Cumbrian districts is not Cumberland.
    select distinct
        district_code as area_code,
        district_code_2023 as district_code

    from (
        select
            district_code,
            district_code_2023,
            count(*) over (partition by boundary_year, district_code_2023) as codes_in_vintage

        from district_codes
    ) as vintage_codes
    where codes_in_vintage = 1

),

own_values as (

    -- A district value counts as the 2023 district's own only if no other code of the
    -- source maps to the same 2023 district for the same indicator, period and sex.
    select
        series_checked.*,
        district_code_targets.district_code,
        'district' as geography_basis,
        count(*) over (
            partition by
                series_checked.indicator_name, series_checked.period, series_checked.sex,
                district_code_targets.district_code
        ) as codes_for_district

    from series_checked
    inner join district_code_targets
        on series_checked.area_code = district_code_targets.area_code

),

county_of_2023 as (

    select
        places.district_code,
        places.upper_tier_code as county_code

    from places
    where places.upper_tier_code like 'E10%'

),

county_of_predecessors as (

    -- The 2019 county holding every predecessor of a 2023 district, where there is one.
    select
        district_codes.district_code_2023 as district_code,
        min(district_upper_tiers.upper_tier_code) as county_code

    from district_codes
    inner join district_upper_tiers
        on
            district_codes.district_code = district_upper_tiers.district_code
            and district_codes.boundary_year = district_upper_tiers.boundary_year
    where district_codes.boundary_year = 2019
    group by 1
    having
        count(distinct district_upper_tiers.upper_tier_code) = 1
        and min(district_upper_tiers.upper_tier_code) like 'E10%'

),

district_counties as (

    select * from county_of_2023
    union
    select * from county_of_predecessors

),

upper_tier_values as (

    select
        series_checked.*,
        district_counties.district_code,
        'upper tier' as geography_basis,
        1 as codes_for_district

    from series_checked
    inner join district_counties
        on series_checked.area_code = district_counties.county_code

),

candidates as (

    select * from own_values
    where codes_for_district = 1
    union all
    select * from upper_tier_values

),

ranked as (

    select
        *,
        row_number() over (
            partition by indicator_name, district_code, period, sex
            order by case geography_basis when 'district' then 1 else 2 end
        ) as preference

    from candidates

),

final as (

    select
        indicator_name,
        district_code,
        period,
        period_start_year,
        sex,
        indicator_value,
        is_value_missing,
        is_series_break,
        significance_to_england,
        geography_basis,
        area_code as source_area_code,
        area_type as source_area_type

    from ranked
    where preference = 1

)

select * from final
