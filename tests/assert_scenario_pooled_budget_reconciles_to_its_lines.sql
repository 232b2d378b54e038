-- The scenario's pooled budget reconciles, to the penny, to the lines it draws from:
-- 1. each contributor's base is the count's spend (fct_place_spend) on its line, in the
--    place, in the base year, at the stage it is drawn from (its share by the spectrum):
--    the line's stage amounts add back to the count exactly;
-- 2. each year's contribution is the base times the year's cumulative shift, rounded once;
-- 3. each year's pooled budget adds up to the year's contributions;
-- 4. the place's spectrum after each year adds up to its count in the base year.
{%- set scenario = scenario_var() %}

with

pooled_budget as (

    select * from {{ ref('rpt_scenario_pooled_budget') }}

),

place_spend as (

    select * from {{ ref('fct_place_spend') }}
    where financial_year = {{ sql_quoted(scenario['base_year']) }}

),

spend_prevention_stages as (

    select * from {{ ref('int_spend_prevention_stages') }}
    where
        financial_year = {{ sql_quoted(scenario['base_year']) }}
        and stage = {{ sql_quoted(scenario['from_stage']) }}

),

place_districts as (

    -- The districts of each place, as the pooled budget's spectrum rows name them.
    select distinct
        pooled_budget.place_name,
        place_spend.district_code

    from pooled_budget
    inner join {{ ref('dim_place') }} as places
        on pooled_budget.place_name in (places.district_name, places.district_code)
    inner join place_spend
        on places.district_code = place_spend.district_code

    union

    select distinct
        pooled_budget.place_name,
        areas.district_code

    from pooled_budget
    inner join {{ ref('total_place_pilots') }} as pilots
        on pooled_budget.place_name = pilots.pilot_name
    inner join {{ ref('int_areas_mapped_to_districts') }} as areas
        on pilots.area_kind = areas.area_kind and pilots.area_code = areas.area_code

),

contributions as (

    select * from pooled_budget
    where section = 'contribution'

),

line_checks as (

    -- The line's spend in the count and its stage split, for each contributor.
    select
        contributions.place_name,
        contributions.partner,
        contributions.source,
        contributions.line_key,
        contributions.scenario_year,
        contributions.base_amount_gbp,
        contributions.amount_gbp,
        (
            select sum(place_spend.spend_gbp)
            from place_spend
            inner join place_districts
                on place_spend.district_code = place_districts.district_code
            where
                place_districts.place_name = contributions.place_name
                and place_spend.body_kind = contributions.partner
                and place_spend.source = contributions.source
                and contributions.line_key in (
                    place_spend.service_line_code, split_part(place_spend.service_line_code, '.', 1)
                )
        ) as line_count_gbp,
        (
            select sum(line_stages.stage_pennies) / 100.0
            from spend_prevention_stages as line_stages
            inner join place_districts
                on line_stages.district_code = place_districts.district_code
            where
                place_districts.place_name = contributions.place_name
                and line_stages.body_kind = contributions.partner
                and line_stages.source = contributions.source
                and contributions.line_key in (
                    line_stages.service_line_code, split_part(line_stages.service_line_code, '.', 1)
                )
        ) as line_stage_gbp

    from contributions

),

line_failures as (

    select
        place_name,
        'contribution ' || partner || ' ' || source || ' ' || line_key || ' year ' || scenario_year as what_fails

    from line_checks
    where
        base_amount_gbp is distinct from cast(line_stage_gbp as decimal(18, 2))
        or line_count_gbp is null
        or amount_gbp <> cast(
            round(base_amount_gbp * 100 * scenario_year * cast({{ scenario['shift_per_year'] }} as decimal(9, 6)))
            / 100.0 as decimal(18, 2)
        )

),

year_totals as (

    select
        place_name,
        scenario_year,
        sum(case when section = 'contribution' then amount_gbp end) as contributed_gbp,
        sum(case when section = 'pooled budget' then amount_gbp end) as pooled_gbp,
        sum(case when section = 'spectrum' then base_amount_gbp end) as spectrum_before_gbp,
        sum(case when section = 'spectrum' then amount_gbp end) as spectrum_after_gbp

    from pooled_budget
    where section <> 'outcome'
    group by 1, 2

),

place_counts as (

    select
        place_districts.place_name,
        sum(place_spend.spend_gbp) as count_gbp

    from place_districts
    inner join place_spend
        on place_districts.district_code = place_spend.district_code
    group by 1

),

year_failures as (

    select
        year_totals.place_name,
        'year ' || year_totals.scenario_year || ' totals' as what_fails

    from year_totals
    left join place_counts
        on year_totals.place_name = place_counts.place_name
    where
        year_totals.pooled_gbp is distinct from year_totals.contributed_gbp
        or year_totals.spectrum_before_gbp is distinct from place_counts.count_gbp
        or year_totals.spectrum_after_gbp is distinct from place_counts.count_gbp

)

select * from line_failures
union all
select * from year_failures
