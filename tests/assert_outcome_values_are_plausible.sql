{#-
    What a person checking the baseline would check first: limits bracket the value (95%
    inside 99.8%), every value lies in its unit's range, and no value from a small-number
    source rests on a count under 10 unsuppressed.
-#}

with

outcome_baseline as (

    select * from {{ ref('fct_outcome_baseline') }}

),

indicator_catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

checked as (

    select
        outcome_baseline.indicator_id,
        outcome_baseline.district_code,
        outcome_baseline.period,
        outcome_baseline.sex,
        outcome_baseline.indicator_value,
        case
            when outcome_baseline.lower_95_limit > outcome_baseline.indicator_value
                or outcome_baseline.upper_95_limit < outcome_baseline.indicator_value
                then 'limits do not bracket the value'
            when outcome_baseline.lower_998_limit > outcome_baseline.lower_95_limit
                or outcome_baseline.upper_998_limit < outcome_baseline.upper_95_limit
                then '99.8% limits inside the 95% ones'
            when outcome_baseline.indicator_value < indicator_catalogue.lower_bound
                or outcome_baseline.indicator_value > indicator_catalogue.upper_bound
                then 'value outside the unit''s range'
            when
                indicator_catalogue.is_small_count_source
                and outcome_baseline.numerator < 10
                and not outcome_baseline.is_suppressed
                then 'small count not suppressed'
        end as problem

    from outcome_baseline
    inner join indicator_catalogue
        on outcome_baseline.indicator_id = indicator_catalogue.indicator_id

)

select * from checked
where problem is not null
