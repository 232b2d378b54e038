{#-
    Each outcome value with what an analyst needs to trust it:
    - 95% and 99.8% confidence limits by the indicator's method (Wilson for proportions, Byar
      for counts and crude rates, Dobson with Byar for directly standardised rates), computed
      wherever the source gives counts; the Fingertips extracts give neither counts nor limits,
      so theirs are null and `ci_source` says so;
    - disclosure control: a value from a small-number source whose count (published, or implied
      by the rate and the district's population) is below 10 is suppressed, and so is the next
      smallest count in the same county where that alone would give it back;
    - the comparison with England (better, similar, worse, not compared): from the limits and the
      indicator's polarity where limits exist, else the source's own significance;
    - the trend over the last five points (series breaks left out).
-#}
{%- set z95 = 1.959963985 -%}
{%- set z998 = 3.090232306 -%}

with

values_unioned as (

    select * from {{ ref('int_outcome_values_unioned') }}

),

indicator_catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

population_structure as (

    select * from {{ ref('int_population_structure_indicators') }}
    where period = '2019' and indicator_id = 'share_aged_under_18'

),

places as (

    select * from {{ ref('int_reporting_districts') }}

),

with_catalogue as (

    select
        values_unioned.*,
        indicator_catalogue.polarity,
        indicator_catalogue.measure_type,
        indicator_catalogue.ci_method,
        indicator_catalogue.multiplier,
        indicator_catalogue.is_small_count_source,
        -- The population the value is per: the district's, or for an upper-tier value the
        -- whole upper-tier area's (every district sharing that source area).
        sum(
            {{ population_band(
                'indicator_catalogue.denominator_population', 'population_structure',
                ['population_0_15', 'population_0_17', 'population_16_plus', 'population_65_plus',
                 'population_10_24', 'population_age_5', 'population_age_10', 'population'],
                fallback=none
            ) }}
        ) over (
            partition by
                values_unioned.indicator_id, values_unioned.period, values_unioned.sex,
                values_unioned.source_area_code
        ) as value_population,
        places.upper_tier_code

    from values_unioned
    inner join indicator_catalogue
        on values_unioned.indicator_id = indicator_catalogue.indicator_id
    left join population_structure
        on values_unioned.district_code = population_structure.district_code
    left join places
        on values_unioned.district_code = places.district_code

),

with_counts as (

    select
        *,
        -- The count behind the value: published, or implied by the rate and its population.
        coalesce(numerator, indicator_value / multiplier * value_population) as implied_count

    from with_catalogue

),

limits as (

    select
        *,
        {%- for level, z in [('95', z95), ('998', z998)] %}
        {%- for side in ['lower', 'upper'] %}
        case
            when numerator is null or denominator is null or denominator = 0 then null
            when ci_method = 'wilson'
                then multiplier * {{ wilson_limit('numerator', 'denominator', z, side) }}
            when ci_method = 'byar'
                then multiplier * {{ byar_limit('numerator', z, side) }} / denominator
            when ci_method = 'dobson' and dsr_variance is not null and numerator > 0
                then {{ dobson_limit('indicator_value', 'numerator', 'dsr_variance', z, side) }}
        end as {{ side }}_{{ level }}_limit,
        {%- endfor %}
        {%- endfor %}
        case
            when ci_method = 'none' then 'not applicable to a ' || replace(measure_type, '_', ' ')
            when numerator is not null then 'computed (' || ci_method || ')'
            else 'not available: the source gives neither counts nor limits'
        end as ci_source

    from with_counts

),

primary_suppression as (

    select
        *,
        is_small_count_source and implied_count is not null and implied_count < 10 as is_primary_suppressed

    from limits

),

secondary_suppression as (

    -- In a two-tier county, one suppressed district could be recovered from the county
    -- figure and its siblings; suppress the next smallest count there too.
    select
        *,
        sum(case when is_primary_suppressed then 1 else 0 end) over (
            partition by indicator_id, period, sex, upper_tier_code
        ) as suppressed_in_county,
        row_number() over (
            partition by indicator_id, period, sex, upper_tier_code, is_primary_suppressed
            order by implied_count asc, district_code asc
        ) as count_rank_in_county

    from primary_suppression

),

suppressed as (

    select
        *,
        case
            when is_value_missing then 'no value published by the source'
            when is_primary_suppressed then 'count below 10'
            when
                suppressed_in_county = 1
                and not is_primary_suppressed
                and count_rank_in_county = 1
                and upper_tier_code like 'E10%'
                and is_small_count_source
                then 'secondary: would give back a suppressed count'
        end as suppression_reason

    from secondary_suppression

),

compared as (

    select
        *,
        suppression_reason is not null as is_suppressed,
        case
            when suppression_reason is not null or polarity = 'not_applicable' or england_value is null
                then 'not compared'
            when lower_95_limit is not null and lower_95_limit > england_value
                then case when polarity = 'higher_is_better' then 'better' else 'worse' end
            when upper_95_limit is not null and upper_95_limit < england_value
                then case when polarity = 'higher_is_better' then 'worse' else 'better' end
            when lower_95_limit is not null then 'similar'
            when significance_to_england in ('Better', 'Similar', 'Worse') then lower(significance_to_england)
            else 'not compared'
        end as comparison_with_england,
        case
            when suppression_reason is not null or polarity = 'not_applicable' or england_value is null then null
            when lower_95_limit is not null then 'computed limits'
            when significance_to_england in ('Better', 'Similar', 'Worse') then 'source'
        end as comparison_source

    from suppressed

),

trended as (

    select
        *,
        regr_slope(
            case when not is_series_break and not is_suppressed then indicator_value end, period_start_year
        ) over trend_window as trend_slope,
        count(case when not is_series_break and not is_suppressed then indicator_value end) over trend_window
            as trend_points,
        avg(case when not is_series_break and not is_suppressed then indicator_value end) over trend_window
            as trend_mean

    from compared
    window trend_window as (
        partition by indicator_id, district_code, sex, geography_basis
        order by period_start_year asc
        rows between 4 preceding and current row
    )

),

final as (

    select
        indicator_id,
        district_code,
        period,
        period_start_year,
        sex,
        case when is_suppressed then null else indicator_value end as indicator_value,
        case when is_suppressed then null else numerator end as numerator,
        case when is_suppressed then null else denominator end as denominator,
        {%- for level in ['95', '998'] %}
        {%- for side in ['lower', 'upper'] %}
        case when is_suppressed then null else round({{ side }}_{{ level }}_limit, 6) end
            as {{ side }}_{{ level }}_limit,
        {%- endfor %}
        {%- endfor %}
        ci_source,
        is_suppressed,
        suppression_reason,
        is_series_break,
        geography_basis,
        source_area_code,
        england_value,
        comparison_with_england,
        comparison_source,
        case
            when trend_points < 3 then 'not enough points'
            when trend_mean = 0 or abs(trend_slope * (trend_points - 1) / trend_mean) < 0.05 then 'no clear change'
            when polarity = 'not_applicable' then case when trend_slope > 0 then 'increasing' else 'decreasing' end
            when (trend_slope > 0) = (polarity = 'higher_is_better') then 'improving'
            else 'worsening'
        end as trend,
        polarity

    from trended

)

select * from final
