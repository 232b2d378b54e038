{#-
    Each area's single years of age must add up to the all-ages total the publisher printed
    beside them, and each year's English districts to ONS's England total.
-#}

with

population_by_age as (

    select * from {{ ref('stg_ons_population__population_by_age') }}

),

population_totals as (

    select * from {{ ref('stg_ons_population__population_totals') }}

),

control_totals as (

    select * from {{ ref('control_totals') }}

),

summed_ages as (

    select
        mid_year,
        area_level,
        area_code,
        sum(population) as population

    from population_by_age
    group by 1, 2, 3

),

area_mismatches as (

    select
        population_totals.area_level || ' ' || population_totals.area_code as checked_area,
        population_totals.mid_year,
        population_totals.population as expected_population,
        summed_ages.population as actual_population

    from population_totals
    left join summed_ages
        on
            population_totals.mid_year = summed_ages.mid_year
            and population_totals.area_level = summed_ages.area_level
            and population_totals.area_code = summed_ages.area_code
    where summed_ages.population is null or summed_ages.population <> population_totals.population

),

england_totals as (

    select
        mid_year,
        sum(population) as population

    from population_totals
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
