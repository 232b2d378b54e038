{#-
    Spend beside outcomes: for each district, year and Total Place theme, public spend per head
    on the theme (and its rank among districts) beside the theme's outcome indicators at their
    baseline and how they compare with England - "where do we spend most, and how do outcomes
    compare?"
-#}

with

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

outcome_baseline as (

    select * from {{ ref('fct_outcome_baseline') }}
    where is_baseline_period

),

theme_spend as (

    select
        district_code,
        financial_year,
        theme,
        max(population) as population,
        sum(spend_gbp) as spend_gbp

    from place_spend
    group by 1, 2, 3

),

theme_outcomes as (

    select
        district_code,
        theme,
        count(*) as indicators,
        sum(case when comparison_with_england = 'better' then 1 else 0 end) as indicators_better_than_england,
        sum(case when comparison_with_england = 'similar' then 1 else 0 end) as indicators_similar_to_england,
        sum(case when comparison_with_england = 'worse' then 1 else 0 end) as indicators_worse_than_england,
        sum(case when comparison_with_england = 'not compared' then 1 else 0 end) as indicators_not_compared,
        {{ dbt.listagg(
            "case when comparison_with_england = 'worse' then indicator_name || ' (' || sex || ', ' || period || ')' end",
            "'; '",
            'order by indicator_name'
        ) }} as indicators_worse_than_england_list

    from outcome_baseline
    group by 1, 2

),

final as (

    select
        theme_spend.district_code,
        theme_spend.financial_year,
        theme_spend.theme,
        cast(theme_spend.spend_gbp as decimal(18, 2)) as spend_gbp,
        cast(theme_spend.spend_gbp / theme_spend.population as double) as spend_per_head_gbp,
        cast(rank() over (
            partition by theme_spend.financial_year, theme_spend.theme
            order by theme_spend.spend_gbp / theme_spend.population desc
        ) as integer) as rank_of_spend_per_head,
        cast(coalesce(theme_outcomes.indicators, 0) as integer) as outcome_indicators,
        cast(coalesce(theme_outcomes.indicators_better_than_england, 0) as integer) as indicators_better_than_england,
        cast(coalesce(theme_outcomes.indicators_similar_to_england, 0) as integer) as indicators_similar_to_england,
        cast(coalesce(theme_outcomes.indicators_worse_than_england, 0) as integer) as indicators_worse_than_england,
        cast(coalesce(theme_outcomes.indicators_not_compared, 0) as integer) as indicators_not_compared,
        theme_outcomes.indicators_worse_than_england_list

    from theme_spend
    left join theme_outcomes
        on
            theme_spend.district_code = theme_outcomes.district_code
            and theme_spend.theme = theme_outcomes.theme

)

select * from final
