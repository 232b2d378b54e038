{#-
    How the count's England total for a year relates to HM Treasury's own figure, line by line:
    it starts from the CRA's identifiable spend in English regions (all sectors, current and
    capital), takes out what the count takes from elsewhere or counts once only, adds what it
    counts instead, and ends at the count (the sum of fct_place_spend for the year). What each
    line is and why is in the count_bridge_lines seed; a grant counted once is a line of its
    own, named. The lines add to the end to the penny (tested). Years the CRA does not cover
    have no bridge: their count has no Treasury figure to start from.
-#}

with

cra_spend_treated as (

    select * from {{ ref('int_cra_spend_treated') }}

),

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where
        row_kind = 'authority'
        and line_kind in ('service', 'housing benefit')
        and net_current_expenditure_gbp is not null

),

bodies_placed as (

    select * from {{ ref('int_revenue_outturn_bodies_placed') }}

),

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

count_bridge_lines as (

    select * from {{ ref('count_bridge_lines') }}

),

cra_years as (

    select distinct financial_year from cra_spend_treated

),

revenue_outturn_returned as (

    select
        service_expenditure.financial_year,
        sum(cast(round(service_expenditure.net_current_expenditure_gbp * 100) as bigint)) as amount_pennies

    from service_expenditure
    inner join cra_years
        on service_expenditure.financial_year = cra_years.financial_year
    group by 1

),

placed_returns as (

    select distinct
        financial_year,
        mhclg_ecode

    from bodies_placed

),

revenue_outturn_without_area as (

    -- Worked out from the returns, not as the difference from the count, so the bridge's
    -- closure also catches spend lost between the returns and the places.
    select
        service_expenditure.financial_year,
        sum(cast(round(service_expenditure.net_current_expenditure_gbp * 100) as bigint)) as amount_pennies

    from service_expenditure
    inner join cra_years
        on service_expenditure.financial_year = cra_years.financial_year
    left join placed_returns
        on
            service_expenditure.financial_year = placed_returns.financial_year
            and service_expenditure.mhclg_ecode = placed_returns.mhclg_ecode
    where placed_returns.mhclg_ecode is null
    group by 1

),

amounts as (

    select
        financial_year,
        1 as line_number,
        cast(null as {{ dbt.type_string() }}) as detail,
        sum(amount_pennies) as amount_pennies

    from cra_spend_treated
    group by 1, 2, 3

    union all

    select
        financial_year,
        2 as line_number,
        cast(null as {{ dbt.type_string() }}) as detail,
        -sum(amount_pennies) as amount_pennies

    from cra_spend_treated
    where treatment = 'replaced by the Revenue Outturn'
    group by 1, 2, 3

    union all

    select
        financial_year,
        3 as line_number,
        counted_elsewhere_segment_name as detail,
        -sum(amount_pennies) as amount_pennies

    from cra_spend_treated
    where treatment = 'grant to councils, counted in their own spending'
    group by 1, 2, 3
    having sum(amount_pennies) <> 0

    union all

    select
        financial_year,
        4 as line_number,
        cast(null as {{ dbt.type_string() }}) as detail,
        amount_pennies

    from revenue_outturn_returned

    union all

    select
        revenue_outturn_returned.financial_year,
        5 as line_number,
        cast(null as {{ dbt.type_string() }}) as detail,
        -coalesce(revenue_outturn_without_area.amount_pennies, 0) as amount_pennies

    from revenue_outturn_returned
    left join revenue_outturn_without_area
        on revenue_outturn_returned.financial_year = revenue_outturn_without_area.financial_year

    union all

    select
        place_spend.financial_year,
        9 as line_number,
        cast(null as {{ dbt.type_string() }}) as detail,
        cast(round(sum(place_spend.spend_gbp) * 100) as bigint) as amount_pennies

    from place_spend
    inner join cra_years
        on place_spend.financial_year = cra_years.financial_year
    group by 1, 2, 3

),

final as (

    select
        amounts.financial_year,
        amounts.line_number,
        count_bridge_lines.line_kind,
        count_bridge_lines.line_name || coalesce(': ' || amounts.detail, '') as line_name,
        count_bridge_lines.reason,
        cast(amounts.amount_pennies / 100.0 as decimal(18, 2)) as amount_gbp,
        -- What the lines so far add to; on the end line, what the lines before it add to.
        cast(
            sum(case when count_bridge_lines.line_kind = 'end' then 0 else amounts.amount_pennies end) over (
                partition by amounts.financial_year
                order by amounts.line_number, amounts.detail
                rows between unbounded preceding and current row
            ) / 100.0 as decimal(18, 2)
        ) as running_total_gbp

    from amounts
    inner join count_bridge_lines
        on amounts.line_number = count_bridge_lines.line_number

)

select * from final
