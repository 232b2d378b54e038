-- England's spend over every stage, kind of body and theme in rpt_place_prevention_baseline
-- equals, per year and to the penny, the count's (the sum of fct_place_spend, and the sum of
-- rpt_total_place_count's districts); so does each kind of body's and each theme's.
with

prevention_baseline as (

    select * from {{ ref('rpt_place_prevention_baseline') }}
    where place_kind = 'country'

),

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

total_place_count as (

    select * from {{ ref('rpt_total_place_count') }}
    where place_kind = 'district'

),

baseline_years as (

    select
        financial_year,
        sum(case when body_kind = 'all kinds of body' and theme = 'all themes' then spend_gbp end) as baseline_gbp,
        sum(case when body_kind <> 'all kinds of body' and theme = 'all themes' then spend_gbp end)
            as baseline_by_body_kind_gbp,
        sum(case when body_kind = 'all kinds of body' and theme <> 'all themes' then spend_gbp end)
            as baseline_by_theme_gbp,
        sum(case when body_kind <> 'all kinds of body' and theme <> 'all themes' then spend_gbp end)
            as baseline_by_cell_gbp

    from prevention_baseline
    group by 1

),

count_years as (

    select
        financial_year,
        sum(spend_gbp) as count_gbp

    from place_spend
    group by 1

),

report_years as (

    select
        financial_year,
        sum(total_spend_gbp) as report_gbp

    from total_place_count
    group by 1

),

compared as (

    select
        count_years.financial_year,
        count_years.count_gbp,
        report_years.report_gbp,
        baseline_years.baseline_gbp,
        baseline_years.baseline_by_body_kind_gbp,
        baseline_years.baseline_by_theme_gbp,
        baseline_years.baseline_by_cell_gbp

    from count_years
    full outer join report_years
        on count_years.financial_year = report_years.financial_year
    full outer join baseline_years
        on count_years.financial_year = baseline_years.financial_year

)

select * from compared
where
    count_gbp is null
    or report_gbp is distinct from count_gbp
    or baseline_gbp is distinct from count_gbp
    or baseline_by_body_kind_gbp is distinct from count_gbp
    or baseline_by_theme_gbp is distinct from count_gbp
    or baseline_by_cell_gbp is distinct from count_gbp
