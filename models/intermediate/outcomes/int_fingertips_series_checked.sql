{#-
    Every Fingertips value with a flag for implausible series breaks: a value less than a fifth,
    or more than five times, the median of its own series (same indicator, area and sex, at
    least three values). Greater Manchester's children in care rate of 8.7 in 2011 against
    81.9 in 2012 is one. The value is kept and flagged, and trends leave it out.
-#}

with

indicator_values as (

    select * from {{ ref('stg_ohid_fingertips__indicator_values') }}

),

series as (

    select
        indicator_name,
        area_code,
        coalesce(sex, 'Persons') as sex,
        median(indicator_value) as series_median,
        count(indicator_value) as series_points

    from indicator_values
    group by 1, 2, 3

),

final as (

    select
        indicator_values.indicator_name,
        indicator_values.area_code,
        indicator_values.area_name,
        indicator_values.area_type,
        indicator_values.period,
        indicator_values.period_start_year,
        coalesce(indicator_values.sex, 'Persons') as sex,
        indicator_values.indicator_value,
        indicator_values.is_value_missing,
        indicator_values.significance_to_england,
        coalesce(
            series.series_points >= 3
            and series.series_median > 0
            and (
                indicator_values.indicator_value < series.series_median / 5
                or indicator_values.indicator_value > series.series_median * 5
            ),
            false
        ) as is_series_break

    from indicator_values
    inner join series
        on
            indicator_values.indicator_name = series.indicator_name
            and indicator_values.area_code = series.area_code
            and coalesce(indicator_values.sex, 'Persons') = series.sex

)

select * from final
