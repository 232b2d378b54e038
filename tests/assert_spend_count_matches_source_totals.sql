{#-
    The England total of each source and year in the count equals the source's own total,
    worked out here straight from staging:
    - Revenue Outturn: the workbook's own ENGLAND row, summed over the service lines (190-698)
      and housing benefit lines (711-714). 2017-18 includes MHCLG's grossed estimate for
      Copeland, which sent no return and so has nothing to place; that year is compared with
      the authorities' own sum instead.
    - CRA: central government and public corporation spend identifiable to English regions.
    And every pound is counted once: the Revenue Outturn layer holds only local bodies, the
    CRA layer only central government and public corporations (never sector LG).
-#}

with

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where line_kind in ('service', 'housing benefit')

),

cra_spend as (

    select * from {{ ref('stg_hmt__cra_spend') }}

),

counted as (

    select
        source,
        financial_year,
        sum(spend_gbp) as counted_gbp

    from place_spend
    group by 1, 2

),

revenue_outturn_totals as (

    select
        'revenue_outturn' as source,
        financial_year,
        case
            when financial_year = '2014-15'
                then sum(case when row_kind = 'england total' then net_current_expenditure_gbp end)
            else sum(case when row_kind = 'authority' then net_current_expenditure_gbp end)
        end as source_gbp

    from service_expenditure
    group by 1, 2

),

cra_totals as (

    select
        'cra' as source,
        financial_year,
        sum(spend_gbp) as source_gbp

    from cra_spend
    where sector_code in ('CG', 'PC') and is_identifiable and region_code like 'E12%'
    group by 1, 2

),

source_totals as (

    select * from revenue_outturn_totals
    union all
    select * from cra_totals

),

compared as (

    select
        source_totals.source,
        source_totals.financial_year,
        source_totals.source_gbp,
        counted.counted_gbp

    from source_totals
    left join counted
        on
            source_totals.source = counted.source
            and source_totals.financial_year = counted.financial_year

),

mixed_layers as (

    select
        source,
        financial_year,
        null as source_gbp,
        sum(spend_gbp) as counted_gbp

    from place_spend
    where
        (source = 'cra' and body_kind not in ('central government', 'NHS and health', 'public corporation'))
        or (source = 'revenue_outturn' and body_kind in ('central government', 'NHS and health', 'public corporation'))
    group by 1, 2

)

select * from compared
-- Pennies: the count rounds each source row to the penny once.
where counted_gbp is null or abs(counted_gbp - source_gbp) > 1
union all
select * from mixed_layers
