{#- Mid-year estimates by single year of age, restated on 2023 districts: merged districts summed. -#}

with

population_by_age as (

    select * from {{ ref('stg_ons_population__population_by_age') }}
    where area_level = 'district'

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

final as (

    select
        population_by_age.mid_year,
        district_codes.district_code_2023 as district_code,
        population_by_age.age,
        sum(population_by_age.population) as population,
        count(*) as source_district_count

    from population_by_age
    inner join district_codes
        on
            population_by_age.area_code = district_codes.district_code
            and population_by_age.boundary_year = district_codes.boundary_year
    group by 1, 2, 3

)

select * from final
