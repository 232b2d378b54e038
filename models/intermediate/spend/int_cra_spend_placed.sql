{#-
    Central government and public corporation spend from the Country and Regional Analysis,
    identifiable to an English region, with every district of the region and its weight
    under the function's apportionment driver.

    Left out, and why:
    - local government rows (sector LG): councils', police and fire bodies' own spend, which
      the count takes from the Revenue Outturn; counting them here too would count it twice;
    - non-identifiable spend (defence, debt interest, overseas): it benefits the UK as a
      whole, not a place;
    - Scotland, Wales, Northern Ireland, non-regional and outside-UK spend: not English places.
    Segments are summed to department, subfunction, capital or current, and region before
    apportioning; the sums are the source rows the conservation tests check.
-#}

with

cra_spend as (

    select * from {{ ref('stg_hmt__cra_spend') }}
    where
        sector_code in ('CG', 'PC')
        and is_identifiable
        and region_code like 'E12%'
        and spend_gbp is not null

),

spend_lines as (

    select * from {{ ref('spend_lines') }}
    where source = 'cra'

),

areas_mapped_to_districts as (

    select * from {{ ref('int_areas_mapped_to_districts') }}
    where area_kind = 'region'

),

district_populations as (

    select * from {{ ref('int_district_populations_by_vintage') }}
    where boundary_year = 2023

),

summed as (

    select
        financial_year,
        department_name,
        sector_code,
        {{ dbt.split_part('cofog_subfunction', "' '", 1) }} as subfunction_code,
        {{ dbt.split_part('cofog_function', "'.'", 1) }} as function_code,
        cofog_subfunction,
        case capital_or_current when 'CAP' then 'capital' when 'CUR' then 'current' end as capital_or_current,
        region_code,
        cast(round(sum(spend_gbp) * 100) as bigint) as amount_pennies

    from cra_spend
    group by 1, 2, 3, 4, 5, 6, 7, 8

),

with_driver as (

    select
        summed.*,
        coalesce(by_subfunction.apportionment_driver, by_function.apportionment_driver) as apportionment_driver

    from summed
    left join spend_lines as by_subfunction
        on summed.subfunction_code = by_subfunction.line_key
    left join spend_lines as by_function
        on summed.function_code = by_function.line_key

),

final as (

    select
        'cra' as source,
        with_driver.financial_year || ' ' || with_driver.department_name || ' ' || with_driver.sector_code
        || ' ' || with_driver.subfunction_code || ' ' || with_driver.capital_or_current || ' '
        || with_driver.region_code as source_row_key,
        with_driver.financial_year,
        -- A department's public corporations are a spending body of their own.
        with_driver.department_name
        || case when with_driver.sector_code = 'PC' then ' (public corporations)' else '' end as spending_body_code,
        with_driver.department_name
        || case when with_driver.sector_code = 'PC' then ' (public corporations)' else '' end as spending_body_name,
        case
            when with_driver.sector_code = 'PC' then 'public corporation'
            when with_driver.department_name like '%Health%' then 'NHS and health'
            else 'central government'
        end as body_kind,
        with_driver.subfunction_code as service_line_code,
        with_driver.cofog_subfunction as service_line_name,
        with_driver.capital_or_current,
        with_driver.amount_pennies,
        'region, 2023 lookup' as area_basis,
        with_driver.apportionment_driver,
        2023 as original_boundary_year,
        district_populations.district_code as original_district_code,
        district_populations.district_code_2023 as district_code,
        {{ population_band('with_driver.apportionment_driver', 'district_populations') }} as driver_weight

    from with_driver
    inner join areas_mapped_to_districts
        on with_driver.region_code = areas_mapped_to_districts.area_code
    inner join district_populations
        on areas_mapped_to_districts.district_code = district_populations.district_code
    where with_driver.amount_pennies <> 0

)

select * from final
