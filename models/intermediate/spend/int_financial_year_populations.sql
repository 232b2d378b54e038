{#-
    The population each financial year's spend is divided and apportioned by: for every
    financial year of the deflator series from the first estimate on, and every district of
    every boundary vintage, the
    mid-year estimate of the year the financial year starts in (mid-2017 for 2017-18, whose
    30 June lies inside it). A year beyond the latest estimate in the pack takes the latest
    one, flagged with the year actually used, so per head never silently mixes years.
-#}

with

financial_years as (

    select * from {{ ref('int_gdp_deflators_by_financial_year') }}

),

populations_by_year as (

    select * from {{ ref('int_district_populations_by_year') }}

),

estimate_years as (

    select
        min(mid_year) as first_mid_year,
        max(mid_year) as last_mid_year

    from populations_by_year

),

financial_year_starts as (

    select
        financial_year,
        cast({{ dbt.split_part('financial_year', "'-'", 1) }} as integer) as financial_year_start

    from financial_years

),

year_used as (

    select
        financial_year_starts.financial_year,
        financial_year_starts.financial_year_start,
        case
            when financial_year_starts.financial_year_start > estimate_years.last_mid_year
                then estimate_years.last_mid_year
            else financial_year_starts.financial_year_start
        end as population_year

    from financial_year_starts
    cross join estimate_years
    -- The deflator goes back to 1955-56; nothing before the first estimate is counted.
    where financial_year_starts.financial_year_start >= estimate_years.first_mid_year

),

final as (

    select
        year_used.financial_year,
        populations_by_year.boundary_year,
        populations_by_year.district_code,
        populations_by_year.district_code_2023 as reporting_district_code,
        year_used.population_year,
        year_used.population_year <> year_used.financial_year_start as is_population_year_substituted,
        populations_by_year.population,
        populations_by_year.population_0_17,
        populations_by_year.population_16_64,
        populations_by_year.population_65_plus,
        populations_by_year.population_basis,
        populations_by_year.is_estimated

    from year_used
    inner join populations_by_year
        on year_used.population_year = populations_by_year.mid_year

)

select * from final
