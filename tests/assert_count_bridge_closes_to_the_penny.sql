-- Each year's bridge closes: the start and adjustments add to the end to the penny, and the end
-- is the count itself, summed here from fct_place_spend independently of the bridge's own sum.
with

bridge as (

    select * from {{ ref('rpt_count_bridge') }}

),

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

bridge_years as (

    select
        financial_year,
        sum(case when line_kind <> 'end' then amount_gbp else 0 end) as lines_gbp,
        sum(case when line_kind = 'end' then amount_gbp else 0 end) as end_gbp,
        sum(case when line_kind = 'start' then 1 else 0 end) as start_lines,
        sum(case when line_kind = 'end' then 1 else 0 end) as end_lines

    from bridge
    group by 1

),

counted as (

    select
        financial_year,
        sum(spend_gbp) as counted_gbp

    from place_spend
    group by 1

)

select
    bridge_years.*,
    counted.counted_gbp

from bridge_years
left join counted
    on bridge_years.financial_year = counted.financial_year
where
    bridge_years.lines_gbp <> bridge_years.end_gbp
    or bridge_years.end_gbp <> counted.counted_gbp
    or counted.counted_gbp is null
    or bridge_years.start_lines <> 1
    or bridge_years.end_lines <> 1
