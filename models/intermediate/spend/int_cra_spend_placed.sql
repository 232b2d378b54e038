{#-
    The CRA amounts the count takes (int_cra_spend_treated: central government and public
    corporations, current and capital, and local government capital), once per district of
    the region on the reporting boundary, with the district's weight under the line's driver:
    a population of the financial year, or a need driver (NHS need-weighted population,
    Universal Credit households, income- or employment-deprived people) so that spend on the
    sick, the poor and the out of work follows them rather than headcount. Beside it, the
    district's population, so the apportionment can show what headcount alone would give.
-#}

with

cra_spend_treated as (

    select * from {{ ref('int_cra_spend_treated') }}
    where treatment = 'counted'

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

    select * from {{ ref('int_financial_year_populations') }}
    where boundary_year = {{ var('reporting_boundary_year') }}

),

need_drivers as (

    select * from {{ ref('int_district_need_drivers') }}

),

with_line as (

    select
        cra_spend_treated.*,
        coalesce(by_subfunction.apportionment_driver, by_function.apportionment_driver) as apportionment_driver,
        coalesce(by_subfunction.local_body_kind, by_function.local_body_kind) as local_body_kind

    from cra_spend_treated
    left join spend_lines as by_subfunction
        on cra_spend_treated.subfunction_code = by_subfunction.line_key
    left join spend_lines as by_function
        on cra_spend_treated.function_code = by_function.line_key

),

final as (

    select
        with_line.counting_source as source,
        with_line.financial_year || ' ' || with_line.department_name || ' ' || with_line.sector_code
        || ' ' || with_line.subfunction_code || ' ' || with_line.capital_or_current || ' '
        || with_line.region_code as source_row_key,
        with_line.financial_year,
        -- A department's public corporations are a spending body of their own.
        case
            when with_line.sector_code = 'LG' then 'Local government capital (CRA)'
            when with_line.sector_code = 'PC' then with_line.department_name || ' (public corporations)'
            else with_line.department_name
        end as spending_body_code,
        case
            when with_line.sector_code = 'LG' then 'Local government capital (CRA)'
            when with_line.sector_code = 'PC' then with_line.department_name || ' (public corporations)'
            else with_line.department_name
        end as spending_body_name,
        case
            when with_line.sector_code = 'LG' then coalesce(with_line.local_body_kind, 'council')
            when with_line.sector_code = 'PC' then 'public corporation'
            when with_line.department_name like '%Health%' then 'NHS and health'
            else 'central government'
        end as body_kind,
        with_line.subfunction_code as service_line_code,
        with_line.cofog_subfunction as service_line_name,
        with_line.capital_or_current,
        with_line.amount_pennies,
        'region, reporting boundary' as area_basis,
        with_line.apportionment_driver,
        {{ var('reporting_boundary_year') }} as original_boundary_year,
        district_populations.district_code as original_district_code,
        district_populations.reporting_district_code as district_code,
        -- Null when the driver is neither a population nor a need driver of the district: the
        -- not_null test stops the build rather than fall back to headcount unseen.
        coalesce(
            need_drivers.driver_weight,
            {{ population_band(
                'with_line.apportionment_driver', 'district_populations',
                bands=['population', 'population_0_17', 'population_16_64', 'population_65_plus'],
                fallback=none,
            ) }}
        ) as driver_weight,
        district_populations.population as population_weight

    from with_line
    inner join areas_mapped_to_districts
        on with_line.region_code = areas_mapped_to_districts.area_code
    inner join district_populations
        on
            with_line.financial_year = district_populations.financial_year
            and areas_mapped_to_districts.district_code = district_populations.district_code
    left join need_drivers
        on
            areas_mapped_to_districts.district_code = need_drivers.district_code
            and with_line.apportionment_driver = need_drivers.driver
    where with_line.amount_pennies <> 0

)

select * from final
