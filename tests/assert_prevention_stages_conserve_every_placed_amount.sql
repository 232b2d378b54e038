-- The stage amounts of every placed amount add back to it to the penny, and every placed
-- amount of the count is in the split once.
with

spend_apportioned as (

    select * from {{ ref('int_spend_apportioned') }}

),

spend_prevention_stages as (

    select * from {{ ref('int_spend_prevention_stages') }}

),

staged_rows as (

    select
        source,
        source_row_key,
        original_district_code,
        sum(stage_pennies) as stage_pennies,
        count(distinct allocated_pennies) as allocated_amounts

    from spend_prevention_stages
    group by 1, 2, 3

),

compared as (

    select
        spend_apportioned.source,
        spend_apportioned.source_row_key,
        spend_apportioned.original_district_code,
        spend_apportioned.allocated_pennies,
        staged_rows.stage_pennies,
        staged_rows.allocated_amounts

    from spend_apportioned
    full outer join staged_rows
        on
            spend_apportioned.source = staged_rows.source
            and spend_apportioned.source_row_key = staged_rows.source_row_key
            and spend_apportioned.original_district_code = staged_rows.original_district_code

)

select * from compared
where
    allocated_pennies is null
    or stage_pennies is null
    or stage_pennies <> allocated_pennies
    or allocated_amounts <> 1
