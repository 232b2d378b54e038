{#-
    Each area's single years of age must add up to the all-ages total the publisher printed
    beside them, and each year's English districts to ONS's England total.
-#}

with

population_by_age as (

    select * from {{ ref('stg_ons_population__population_by_age') }}

),

control_totals as (

    select * from {{ ref('control_totals') }}

),

areas as (

    select
        mid_year,
        area_level,
        area_code,
        max(area_total_population) as published_population,
        sum(population) as summed_population

    from population_by_age
    group by 1, 2, 3

),

area_mismatches as (

    select
        area_level || ' ' || area_code as checked_area,
        mid_year,
        published_population as expected_population,
        summed_population as actual_population

    from areas
    where summed_population <> published_population

),

england_totals as (

    select
        mid_year,
        sum(published_population) as population

    from areas
    where area_level = 'district' and area_code like 'E%'
    group by 1

),

england_mismatches as (

    select
        'England' as checked_area,
        control_totals.period as mid_year,
        control_totals.value as expected_population,
        england_totals.population as actual_population

    from control_totals
    left join england_totals
        on control_totals.period = england_totals.mid_year
    where
        control_totals.area_code = '{{ var("england_code") }}'
        and control_totals.measure = 'Usual resident population at 30 June'
        and (england_totals.population is null or england_totals.population <> control_totals.value)

)

select * from area_mismatches
union all
select * from england_mismatches
