-- The stage amounts of every placed amount add back to it to the penny, and the placed
-- amounts of each district, year and source add up to the count's (fct_place_spend), so no
-- placed amount is lost or split twice.
with

spend_prevention_stages as (

    select * from {{ ref('int_spend_prevention_stages') }}

),

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

placed_amounts as (

    select
        source,
        source_row_key,
        original_district_code,
        district_code,
        financial_year,
        sum(stage_pennies) as stage_pennies,
        min(allocated_pennies) as allocated_pennies,
        count(distinct allocated_pennies) as allocated_amounts

    from spend_prevention_stages
    group by 1, 2, 3, 4, 5

),

row_failures as (

    select
        source,
        district_code,
        financial_year,
        'stage amounts do not add back to the placed amount ' || source_row_key as what_fails

    from placed_amounts
    where stage_pennies <> allocated_pennies or allocated_amounts <> 1

),

staged_totals as (

    select
        source,
        district_code,
        financial_year,
        sum(allocated_pennies) as allocated_pennies

    from placed_amounts
    group by 1, 2, 3

),

count_totals as (

    select
        source,
        district_code,
        financial_year,
        cast(sum(spend_gbp) * 100 as bigint) as count_pennies

    from place_spend
    group by 1, 2, 3

),

total_failures as (

    select
        coalesce(staged_totals.source, count_totals.source) as source,
        coalesce(staged_totals.district_code, count_totals.district_code) as district_code,
        coalesce(staged_totals.financial_year, count_totals.financial_year) as financial_year,
        'placed amounts do not add up to the count' as what_fails

    from staged_totals
    full outer join count_totals
        on
            staged_totals.source = count_totals.source
            and staged_totals.district_code = count_totals.district_code
            and staged_totals.financial_year = count_totals.financial_year
    where staged_totals.allocated_pennies is distinct from count_totals.count_pennies

)

select * from row_failures
union all
select * from total_failures
