{#-
    One row per financial year the warehouse knows prices for: HM Treasury's GDP deflator
    (the Treasury's standard for real terms) and the factor that puts the year's cash into
    the prices of `real_terms_base_year`, and the mid-year population estimate per head uses.
    Analysts use it to deflate to any other year, such as the 2008-09 prices of the pilots.
-#}

with

deflators as (

    select * from {{ ref('int_gdp_deflators_by_financial_year') }}

),

population_years as (

    select distinct
        financial_year,
        population_year,
        is_population_year_substituted

    from {{ ref('int_financial_year_populations') }}

),

final as (

    select
        deflators.financial_year,
        cast(deflators.gdp_deflator_index as double) as gdp_deflator_index,
        deflators.deflator_base,
        deflators.deflator_vintage,
        deflators.deflator_source,
        deflators.is_forecast as is_deflator_forecast,
        cast(deflators.real_terms_factor as double) as real_terms_factor,
        deflators.real_terms_base_year,
        cast(population_years.population_year as integer) as population_year,
        population_years.is_population_year_substituted

    from deflators
    left join population_years
        on deflators.financial_year = population_years.financial_year

)

select * from final
