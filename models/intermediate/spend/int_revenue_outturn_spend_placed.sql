{#-
    Each Revenue Outturn body's spend on each service line (and the mandatory housing
    benefits), with every district of the body's area and that district's weight under the
    line's apportionment driver, from the population of the financial year. Totals (699, 749)
    are left out so nothing is counted twice, and so are levies and trading accounts, which
    pass money between bodies that each report their own service spend.

    A body whose return holds other bodies' spending (the GLA: the Met through MOPAC, London
    Fire, Transport for London) has those lines re-attributed to the body that spends them,
    as the functional_bodies seed says, so a London borough's police share is the Met's, and
    placed only on the districts the functional body serves (the Met: not the City of London).

    Revenue Outturn lines are apportioned by a population of the financial year only: bodies
    are placed on the boundaries of their year, and need drivers exist on the reporting
    boundary alone. A line naming any other driver gets no weight and fails the not_null test
    rather than fall back to headcount unseen.
-#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where
        row_kind = 'authority'
        and line_kind in ('service', 'housing benefit')
        and net_current_expenditure_gbp is not null
        and net_current_expenditure_gbp <> 0

),

bodies_placed as (

    select * from {{ ref('int_revenue_outturn_bodies_placed') }}

),

functional_bodies as (

    select * from {{ ref('functional_bodies') }}

),

districts_not_served as (

    select * from {{ ref('functional_body_districts_not_served') }}

),

spend_lines as (

    select * from {{ ref('spend_lines') }}
    where source = 'revenue_outturn'

),

district_populations as (

    select * from {{ ref('int_financial_year_populations') }}

),

final as (

    select
        'revenue_outturn' as source,
        service_expenditure.financial_year || ' ' || service_expenditure.mhclg_ecode || ' '
        || cast(service_expenditure.service_line_code as {{ dbt.type_string() }}) as source_row_key,
        service_expenditure.financial_year,
        coalesce(functional_bodies.body_code, bodies_placed.body_key) as spending_body_code,
        coalesce(functional_bodies.body_name, bodies_placed.body_name) as spending_body_name,
        coalesce(functional_bodies.body_kind, bodies_placed.body_kind) as body_kind,
        cast(service_expenditure.service_line_code as {{ dbt.type_string() }}) as service_line_code,
        service_expenditure.service_line_name,
        'current' as capital_or_current,
        cast(round(service_expenditure.net_current_expenditure_gbp * 100) as bigint) as amount_pennies,
        bodies_placed.area_basis,
        spend_lines.apportionment_driver,
        bodies_placed.boundary_year as original_boundary_year,
        bodies_placed.district_code as original_district_code,
        district_populations.reporting_district_code as district_code,
        {{ population_band(
            'spend_lines.apportionment_driver', 'district_populations',
            bands=['population', 'population_0_17', 'population_16_64', 'population_65_plus'],
            fallback=none,
        ) }} as driver_weight,
        district_populations.population as population_weight

    from service_expenditure
    inner join bodies_placed
        on
            service_expenditure.financial_year = bodies_placed.financial_year
            and service_expenditure.mhclg_ecode = bodies_placed.mhclg_ecode
    left join functional_bodies
        on
            bodies_placed.body_key = functional_bodies.parent_body_key
            and cast(service_expenditure.service_line_code as {{ dbt.type_string() }})
            = cast(functional_bodies.service_line_code as {{ dbt.type_string() }})
    inner join spend_lines
        on cast(service_expenditure.service_line_code as {{ dbt.type_string() }}) = spend_lines.line_key
    inner join district_populations
        on
            service_expenditure.financial_year = district_populations.financial_year
            and bodies_placed.boundary_year = district_populations.boundary_year
            and bodies_placed.district_code = district_populations.district_code
    left join districts_not_served
        on
            functional_bodies.body_code = districts_not_served.body_code
            and bodies_placed.district_code = districts_not_served.district_code
    where districts_not_served.body_code is null

)

select * from final
