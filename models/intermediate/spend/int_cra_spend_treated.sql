{#-
    Every amount of the Country and Regional Analysis identifiable to an English region, summed
    to department, sector, COFOG subfunction, capital or current and region, with how the count
    treats it:
    - counted as a spend source (the spend_sources seed names which CRA sectors and which of
      capital or current each CRA source takes: central government and public corporations,
      and local government capital);
    - not counted because another source holds the same money: local government current spend,
      which the count takes from the Revenue Outturn instead, and central government segments
      that are grants paid to councils and spent by them, so already in the Revenue Outturn
      (the cra_segments_counted_in_revenue_outturn seed, each with its basis).
    Non-identifiable, non-English and outside-UK spend is left out: it belongs to no English
    place, and the CRA's own English identifiable total is what the bridge starts from.
-#}

with

cra_spend as (

    select * from {{ ref('stg_hmt__cra_spend') }}
    where
        is_identifiable
        and region_code like 'E12%'
        and spend_gbp is not null

),

spend_sources as (

    select * from {{ ref('spend_sources') }}
    where cra_sector_codes is not null

),

segments_counted_in_revenue_outturn as (

    select * from {{ ref('cra_segments_counted_in_revenue_outturn') }}

),

treated as (

    select
        cra_spend.*,
        case cra_spend.capital_or_current when 'CAP' then 'capital' when 'CUR' then 'current' end
            as capital_or_current_name,
        segments_counted_in_revenue_outturn.segment_id as counted_elsewhere_segment_id,
        spend_sources.source as counting_source

    from cra_spend
    left join segments_counted_in_revenue_outturn
        on {{ dbt.position('segments_counted_in_revenue_outturn.segment_id', 'cra_spend.cra_segment_name') }} = 1
    left join spend_sources
        on
            {{ dbt.position(
                "' ' || cra_spend.sector_code || ' '", "' ' || spend_sources.cra_sector_codes || ' '"
            ) }} > 0
            and spend_sources.capital_or_current in (
                'both',
                case cra_spend.capital_or_current when 'CAP' then 'capital' when 'CUR' then 'current' end
            )

),

final as (

    select
        financial_year,
        department_name,
        sector_code,
        {{ dbt.split_part('cofog_subfunction', "' '", 1) }} as subfunction_code,
        {{ dbt.split_part('cofog_function', "'.'", 1) }} as function_code,
        cofog_subfunction,
        capital_or_current_name as capital_or_current,
        region_code,
        case
            when counted_elsewhere_segment_id is not null
                then 'grant to councils, counted in their own spending'
            when counting_source is not null then 'counted'
            else 'replaced by the Revenue Outturn'
        end as treatment,
        case when counted_elsewhere_segment_id is null then counting_source end as counting_source,
        counted_elsewhere_segment_id,
        case when counted_elsewhere_segment_id is not null then cra_segment_name end as counted_elsewhere_segment_name,
        cast(round(sum(spend_gbp) * 100) as bigint) as amount_pennies

    from treated
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12

)

select * from final
