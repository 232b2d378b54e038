{{ config(severity='warn') }}
{#-
    How much Revenue Outturn spend could not be placed, per year: the service and housing
    benefit lines (the ones the count takes) of every body int_revenue_outturn_bodies_placed
    gives no district, with the bodies named. No row when every body is placed; a warning
    with the amount when one is not, so a year whose count falls short says by how much.
-#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where row_kind = 'authority'

),

bodies_placed as (

    select * from {{ ref('int_revenue_outturn_bodies_placed') }}

),

placed_bodies as (

    select distinct
        financial_year,
        mhclg_ecode

    from bodies_placed

),

unplaced as (

    select
        service_expenditure.financial_year,
        service_expenditure.mhclg_ecode,
        service_expenditure.authority_name,
        sum(
            case
                when service_expenditure.line_kind in ('service', 'housing benefit')
                    then service_expenditure.net_current_expenditure_gbp
                else 0
            end
        ) as unplaced_gbp

    from service_expenditure
    left join placed_bodies
        on
            service_expenditure.financial_year = placed_bodies.financial_year
            and service_expenditure.mhclg_ecode = placed_bodies.mhclg_ecode
    where placed_bodies.mhclg_ecode is null
    group by 1, 2, 3

),

final as (

    select
        financial_year,
        count(*) as unplaced_bodies,
        sum(unplaced_gbp) as unplaced_gbp,
        {{ dbt.listagg("mhclg_ecode || ' ' || authority_name", "'; '") }} as bodies

    from unplaced
    group by 1

)

select * from final
