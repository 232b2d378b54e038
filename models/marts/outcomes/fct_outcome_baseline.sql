{#-
    The outcome baseline: one row per indicator, district, period and sex, with the value and
    its limits, England's and the region's values, the comparison with England, the trend,
    the value's rank and decile among the districts, and its peers' average; the baseline
    period is marked, so later change can be measured against it.
-#}

with

values_assessed as (

    select * from {{ ref('int_outcome_values_assessed') }}

),

indicator_catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

places as (

    select * from {{ ref('dim_place') }}

),

place_peers as (

    select * from {{ ref('dim_place_peers') }}

),

with_region as (

    select
        values_assessed.*,
        places.region_code,
        places.population_mid_2020,
        -- No extract publishes regions: estimated as the population-weighted mean of the region's districts.
        sum(values_assessed.indicator_value * places.population_mid_2020) over region_window
        / nullif(
            sum(case when values_assessed.indicator_value is not null then places.population_mid_2020 end)
                over region_window,
            0
        ) as region_value_estimate

    from values_assessed
    inner join places
        on values_assessed.district_code = places.district_code
    window
        region_window as (
            partition by values_assessed.indicator_id, values_assessed.period, values_assessed.sex, places.region_code
        )

),

ranking_values as (

    select
        *,
        -- Rank 1 is the best value: the highest where higher is better, else the lowest.
        case when polarity = 'higher_is_better' then -indicator_value else indicator_value end as ranking_value

    from with_region

),

positioned as (

    select
        *,
        count(indicator_value) over (partition by indicator_id, period, sex) as districts_with_value,
        case
            when indicator_value is not null
                then rank() over (partition by indicator_id, period, sex order by ranking_value asc nulls last)
        end as rank_among_districts

    from ranking_values

),

coverage as (

    select
        indicator_id,
        sex,
        period,
        period_start_year,
        count(indicator_value) as districts_with_value,
        max(count(indicator_value)) over (partition by indicator_id, sex) as most_districts_with_value

    from positioned
    group by 1, 2, 3, 4

),

baseline_periods as (

    select
        indicator_id,
        sex,
        {% if var('outcome_baseline_period') %}
        max(case when period = '{{ var("outcome_baseline_period") }}' then period end) as baseline_period
        {% else %}
        arg_max(period, period_start_year) as baseline_period
        {% endif %}

    from coverage
    where districts_with_value >= 0.9 * most_districts_with_value
    group by 1, 2

),

peer_values as (

    select
        positioned.indicator_id,
        positioned.period,
        positioned.sex,
        place_peers.district_code,
        avg(positioned.indicator_value) as peer_average,
        count(positioned.indicator_value) as peers_with_value

    from place_peers
    inner join positioned
        on place_peers.peer_district_code = positioned.district_code
    group by 1, 2, 3, 4

),

final as (

    select
        positioned.indicator_id,
        indicator_catalogue.indicator_name,
        indicator_catalogue.theme,
        indicator_catalogue.unit,
        indicator_catalogue.polarity,
        positioned.district_code,
        positioned.period,
        positioned.period_start_year,
        positioned.sex,
        positioned.indicator_value,
        positioned.numerator,
        positioned.denominator,
        positioned.lower_95_limit,
        positioned.upper_95_limit,
        positioned.lower_998_limit,
        positioned.upper_998_limit,
        positioned.ci_source,
        positioned.is_suppressed,
        positioned.suppression_reason,
        positioned.is_series_break,
        positioned.geography_basis = 'upper tier' as is_upper_tier_value,
        positioned.source_area_code,
        positioned.england_value,
        positioned.region_code,
        positioned.region_value_estimate,
        positioned.comparison_with_england,
        positioned.comparison_source,
        positioned.trend,
        cast(positioned.rank_among_districts as integer) as rank_among_districts,
        cast(ceil(10.0 * positioned.rank_among_districts / positioned.districts_with_value) as integer) as decile,
        peer_values.peer_average,
        positioned.indicator_value - peer_values.peer_average as peer_gap,
        positioned.indicator_value - positioned.england_value as england_gap,
        coalesce(positioned.period = baseline_periods.baseline_period, false) as is_baseline_period

    from positioned
    inner join indicator_catalogue
        on positioned.indicator_id = indicator_catalogue.indicator_id
    left join baseline_periods
        on
            positioned.indicator_id = baseline_periods.indicator_id
            and positioned.sex = baseline_periods.sex
    left join peer_values
        on
            positioned.indicator_id = peer_values.indicator_id
            and positioned.period = peer_values.period
            and positioned.sex = peer_values.sex
            and positioned.district_code = peer_values.district_code

)

select * from final
