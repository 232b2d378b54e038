{#-
    The Total Place count: every pound of public spending that the sources place in an English
    district (April 2023 boundaries), by spending body, service line, financial year, source
    and how it was placed; in pounds at outturn prices, in real terms at the prices of
    `real_terms_base_year`, and per head.
-#}

with

spend_apportioned as (

    select * from {{ ref('int_spend_apportioned') }}

),

spend_lines as (

    select * from {{ ref('spend_lines') }}

),

district_populations as (

    select * from {{ ref('int_district_populations_by_vintage') }}
    where boundary_year = 2023

),

pesa as (

    select * from {{ ref('stg_hmt__pesa_regional_spend') }}

),

deflators as (

    select
        financial_year,
        max(cpi_2015_base) as cpi_2015_base

    from pesa
    group by 1

),

base_deflator as (

    select cpi_2015_base as base_cpi from deflators
    where financial_year = '{{ var("real_terms_base_year") }}'

),

themed as (

    select
        spend_apportioned.*,
        coalesce(by_line.theme, by_function.theme) as theme,
        coalesce(by_line.prevention_or_acute, by_function.prevention_or_acute) as prevention_or_acute

    from spend_apportioned
    left join spend_lines as by_line
        on
            spend_apportioned.source = by_line.source
            and spend_apportioned.service_line_code = by_line.line_key
    left join spend_lines as by_function
        on
            spend_apportioned.source = by_function.source
            and {{ dbt.split_part('spend_apportioned.service_line_code', "'.'", 1) }} = by_function.line_key

),

final as (

    select
        themed.district_code,
        themed.financial_year,
        themed.source,
        themed.spending_body_code,
        themed.spending_body_name,
        themed.body_kind,
        themed.service_line_code,
        themed.service_line_name,
        themed.capital_or_current,
        themed.theme,
        themed.prevention_or_acute,
        themed.allocation_method,
        themed.allocation_driver,
        themed.allocation_share,
        themed.area_basis,
        themed.original_district_code,
        themed.original_boundary_year,
        themed.is_restated,
        cast(themed.allocated_pennies / 100.0 as decimal(18, 2)) as spend_gbp,
        cast(
            themed.allocated_pennies / 100.0 * base_deflator.base_cpi / deflators.cpi_2015_base as decimal(18, 2)
        ) as spend_real_gbp,
        '{{ var("real_terms_base_year") }}' as real_terms_base_year,
        deflators.cpi_2015_base as cpi_index,
        cast(round(district_populations.population) as bigint) as population,
        2019 as population_year,
        themed.allocated_pennies / 100.0 / district_populations.population as spend_per_head_gbp

    from themed
    inner join district_populations
        on themed.district_code = district_populations.district_code
    left join deflators
        on themed.financial_year = deflators.financial_year
    cross join base_deflator

)

select * from final
