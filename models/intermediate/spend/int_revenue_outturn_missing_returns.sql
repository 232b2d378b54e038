{#-
    Bodies that sent no Revenue Outturn return for a year (every service line of their row is
    a "no value" marker: MHCLG's "…" or "[x]", return not received), once per district on
    the reporting boundary that they serve. Their spend is in MHCLG's grossed ENGLAND total
    but nowhere the count can place it, so the places they serve are flagged, not ranked.
-#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where row_kind = 'authority' and line_kind = 'service'

),

bodies_placed as (

    select * from {{ ref('int_revenue_outturn_bodies_placed') }}

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

unreturned as (

    select
        financial_year,
        mhclg_ecode

    from service_expenditure
    group by 1, 2
    having count(net_current_expenditure_gbp) = 0

),

final as (

    select distinct
        unreturned.financial_year,
        district_codes.district_code_2023 as district_code,
        bodies_placed.body_name,
        bodies_placed.body_kind

    from unreturned
    inner join bodies_placed
        on
            unreturned.financial_year = bodies_placed.financial_year
            and unreturned.mhclg_ecode = bodies_placed.mhclg_ecode
    inner join district_codes
        on
            bodies_placed.boundary_year = district_codes.boundary_year
            and bodies_placed.district_code = district_codes.district_code

)

select * from final
