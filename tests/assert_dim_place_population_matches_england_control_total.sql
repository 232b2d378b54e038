{#-
    The 296 districts' mid-2020 populations must add up to the England total ONS published,
    so no district was lost or double-counted when restating predecessors on 2023 boundaries.
-#}

with

places as (

    select * from {{ ref('dim_place') }}

),

control_totals as (

    select * from {{ ref('control_totals') }}

),

warehouse_total as (

    select sum(population_mid_2020) as population from places

),

comparison as (

    select
        control_totals.value as published_population,
        warehouse_total.population as warehouse_population

    from control_totals
    cross join warehouse_total
    where control_totals.control_total_id = 'population_mid_2020_england'

)

select * from comparison
where warehouse_population is null or warehouse_population <> published_population
