{#- Every body in the Revenue Outturn returns has an area, so none of its spend is dropped from the count. -#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where row_kind = 'authority'

),

bodies_placed as (

    select * from {{ ref('int_revenue_outturn_bodies_placed') }}

),

bodies as (

    select distinct
        financial_year,
        mhclg_ecode,
        authority_name,
        ons_code

    from service_expenditure

)

select bodies.*
from bodies
left join bodies_placed
    on
        bodies.financial_year = bodies_placed.financial_year
        and bodies.mhclg_ecode = bodies_placed.mhclg_ecode
where bodies_placed.mhclg_ecode is null
