{#-
    One row per financial year (April to March): the GDP deflator at market prices and the
    factor that restates that year's cash in prices of var('real_terms_base_year').

    Which series. HM Treasury's GDP deflators are ONS's GDP implied deflator averaged over the
    financial year, plus OBR forecasts. The pack holds HMT's March 2020 (Budget) release,
    outturn only to 2018-19 and forecasts (growth rates) after, which missed COVID and the
    2021-23 inflation; and ONS's quarterly YBGB of June 2025, outturn to 2025 Q1. So every
    financial year with all four quarters in YBGB is the mean of those quarters (Q2, Q3, Q4,
    and Q1 of the next calendar year), HMT's own method, from one vintage: one series, never
    a splice of two vintages where one will do. Only a year YBGB does not cover takes HMT's
    release, moved by HMT's growth from the nearest YBGB year (the only way to join two
    vintages with different bases and revisions), and is flagged as a forecast when HMT's
    value there is one. Every row names its series, vintage and how it was computed.
-#}

with

ons_deflator as (

    select * from {{ ref('stg_ons_national_accounts__gdp_deflator') }}
    where period_kind = 'quarter'

),

hmt_deflators as (

    select * from {{ ref('stg_hmt__gdp_deflators') }}
    where period_kind = 'financial year'

),

ons_quarters as (

    select
        -- January to March belongs to the financial year that started the April before.
        case when calendar_quarter = 1 then calendar_year - 1 else calendar_year end as financial_year_start,
        period,
        calendar_quarter,
        gdp_deflator_index,
        index_base,
        series_id,
        dataset_id,
        release_date

    from ons_deflator

),

ons_financial_years as (

    select
        financial_year_start,
        avg(gdp_deflator_index) as gdp_deflator_index,
        max(index_base) as deflator_base,
        'mean of ONS ' || max(series_id) || ' quarters ' || min(case when calendar_quarter = 2 then period end)
        || ' to ' || min(case when calendar_quarter = 1 then period end) as deflator_source,
        'ONS GDP at market prices implied deflator ' || max(series_id) || ' (' || max(dataset_id)
        || '), release of ' || max(release_date) as deflator_vintage

    from ons_quarters
    group by 1
    having count(*) = 4

),

hmt_years as (

    select
        cast({{ dbt.split_part('period', "'-'", 1) }} as integer) as financial_year_start,
        gdp_deflator_index,
        percent_change_on_previous_year,
        is_forecast,
        index_base,
        deflator_vintage

    from hmt_deflators

),

hmt_last_outturn as (

    select
        financial_year_start,
        gdp_deflator_index

    from hmt_years
    where not is_forecast
    order by 1 desc
    limit 1

),

hmt_chained as (

    -- Forecast years: the last outturn index carried by each year's published growth.
    select
        hmt_years.financial_year_start,
        hmt_years.is_forecast,
        hmt_years.index_base,
        hmt_years.deflator_vintage,
        coalesce(
            hmt_years.gdp_deflator_index,
            hmt_last_outturn.gdp_deflator_index * exp(
                sum(
                    case
                        when hmt_years.is_forecast
                            then ln(1 + hmt_years.percent_change_on_previous_year / 100)
                    end
                ) over (order by hmt_years.financial_year_start rows between unbounded preceding and current row)
            )
        ) as gdp_deflator_index

    from hmt_years
    cross join hmt_last_outturn

),

ons_span as (

    select
        min(financial_year_start) as first_year,
        max(financial_year_start) as last_year

    from ons_financial_years

),

hmt_beyond_ons as (

    -- Years YBGB does not cover, on YBGB's base through HMT's growth from the nearest YBGB year.
    select
        hmt_chained.financial_year_start,
        -- To 6 places, the precision HM Treasury publishes its index to.
        round(ons_link.gdp_deflator_index * hmt_chained.gdp_deflator_index / hmt_link.gdp_deflator_index, 6)
            as gdp_deflator_index,
        ons_link.deflator_base,
        ons_link.deflator_source || ', moved by HM Treasury''s '
        || case when hmt_chained.is_forecast then 'forecast' else 'outturn' end
        || ' change since (' || hmt_link.index_base || ' series)' as deflator_source,
        hmt_chained.deflator_vintage || ', linked to ' || ons_link.deflator_vintage as deflator_vintage,
        hmt_chained.is_forecast

    from hmt_chained
    cross join ons_span
    inner join ons_financial_years as ons_link
        on
            ons_link.financial_year_start = case
                when hmt_chained.financial_year_start > ons_span.last_year then ons_span.last_year
                else ons_span.first_year
            end
    inner join hmt_chained as hmt_link
        on ons_link.financial_year_start = hmt_link.financial_year_start
    where
        hmt_chained.financial_year_start > ons_span.last_year
        or hmt_chained.financial_year_start < ons_span.first_year

),

combined as (

    select
        financial_year_start,
        gdp_deflator_index,
        deflator_base,
        false as is_forecast,
        deflator_vintage,
        deflator_source

    from ons_financial_years

    union all

    select
        financial_year_start,
        gdp_deflator_index,
        deflator_base,
        is_forecast,
        deflator_vintage,
        deflator_source

    from hmt_beyond_ons

),

labelled as (

    select
        cast(financial_year_start as {{ dbt.type_string() }}) || '-'
        || right(cast(financial_year_start + 1 as {{ dbt.type_string() }}), 2) as financial_year,
        gdp_deflator_index,
        deflator_base,
        is_forecast,
        deflator_vintage,
        deflator_source

    from combined

),

base_year as (

    select gdp_deflator_index as base_index
    from labelled
    where financial_year = '{{ var("real_terms_base_year") }}'

),

final as (

    select
        labelled.financial_year,
        labelled.gdp_deflator_index,
        labelled.deflator_base,
        labelled.is_forecast,
        labelled.deflator_vintage,
        labelled.deflator_source,
        (select base_year.base_index from base_year) / labelled.gdp_deflator_index as real_terms_factor,
        '{{ var("real_terms_base_year") }}' as real_terms_base_year

    from labelled

)

select * from final
