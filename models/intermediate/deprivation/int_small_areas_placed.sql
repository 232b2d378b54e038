{#-
    Every English 2011 small area with its district on the reporting boundary (through the
    ONS small-area lookup to 2019 districts and the district code chains: the 2019-2023
    reorganisations merged whole districts, so a small area lies in one 2023 district) and
    its mid-2019 population.
-#}

with

small_area_districts as (

    select * from {{ ref('stg_mhclg_imd2019__small_area_ranks') }}

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

small_area_population as (

    select * from {{ ref('stg_ons_population__small_area_population') }}

),

final as (

    select
        small_area_districts.lsoa_code,
        small_area_districts.lsoa_name,
        small_area_districts.lsoa_boundary_year,
        district_codes.district_code_2023 as district_code,
        district_codes.district_name_2023 as district_name,
        small_area_population.population,
        small_area_population.mid_year as population_year

    from small_area_districts
    inner join district_codes
        on
            small_area_districts.district_code = district_codes.district_code
            and small_area_districts.boundary_year = district_codes.boundary_year
    left join small_area_population
        on
            small_area_districts.lsoa_code = small_area_population.small_area_code
            and small_area_districts.lsoa_boundary_year = small_area_population.boundary_year

)

select * from final
