{#-
    The Total Place count: every pound of public spending that the sources place in an English
    district (on the reporting boundary), by spending body, service line, capital or current,
    financial year, source and how it was placed; in pounds at outturn prices, in real terms
    by HM Treasury's GDP deflator at the prices of `real_terms_base_year`, and per head of the
    same year's population. Beside each placed amount, what population alone would have given.
-#}

with

spend_apportioned as (

    select * from {{ ref('int_spend_apportioned') }}

),

spend_sources as (

    select * from {{ ref('spend_sources') }}

),

spend_lines as (

    select * from {{ ref('spend_lines') }}

),

district_populations as (

    select * from {{ ref('int_financial_year_populations') }}
    where boundary_year = {{ var('reporting_boundary_year') }}

),

deflators as (

    select * from {{ ref('int_gdp_deflators_by_financial_year') }}

),

themed as (

    select
        spend_apportioned.*,
        spend_sources.layer as source_layer,
        -- CRA lines are keyed by COFOG subfunction or function, the more specific winning.
        coalesce(by_line.theme, by_function.theme) as theme

    from spend_apportioned
    inner join spend_sources
        on spend_apportioned.source = spend_sources.source
    left join spend_lines as by_line
        on
            spend_sources.spend_lines_source = by_line.source
            and spend_apportioned.service_line_code = by_line.line_key
    left join spend_lines as by_function
        on
            spend_sources.spend_lines_source = by_function.source
            and {{ dbt.split_part('spend_apportioned.service_line_code', "'.'", 1) }} = by_function.line_key

),

final as (

    select
        themed.district_code,
        themed.financial_year,
        themed.source,
        themed.source_layer,
        themed.spending_body_code,
        themed.spending_body_name,
        themed.body_kind,
        themed.service_line_code,
        themed.service_line_name,
        themed.capital_or_current,
        themed.theme,
        themed.allocation_method,
        themed.allocation_driver,
        themed.allocation_share,
        themed.population_share,
        themed.area_basis,
        themed.original_district_code,
        themed.original_boundary_year,
        themed.is_restated,
        cast(themed.allocated_pennies / 100.0 as decimal(18, 2)) as spend_gbp,
        cast(themed.population_only_pennies / 100.0 as decimal(18, 2)) as population_only_spend_gbp,
        cast(themed.allocated_pennies / 100.0 * deflators.real_terms_factor as decimal(18, 2)) as spend_real_gbp,
        deflators.real_terms_base_year,
        deflators.gdp_deflator_index,
        deflators.deflator_vintage,
        deflators.is_forecast as is_deflator_forecast,
        cast(round(district_populations.population) as bigint) as population,
        district_populations.population_year,
        district_populations.is_population_year_substituted,
        themed.allocated_pennies / 100.0 / district_populations.population as spend_per_head_gbp

    from themed
    inner join district_populations
        on
            themed.financial_year = district_populations.financial_year
            and themed.district_code = district_populations.district_code
    inner join deflators
        on themed.financial_year = deflators.financial_year

)

select * from final
