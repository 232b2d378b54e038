{#-
    Integrated care boards are built from small areas, and a few districts straddle two ICBs.
    Each 2023 district gets the ICB holding the largest share of its mid-2019 small-area
    population (ties broken by ICB code, so the choice is reproducible).
-#}

with

small_area_health_geographies as (

    select * from {{ ref('stg_ons_geography__small_area_health_geographies') }}
    -- The small-area populations are of 2011 small areas.
    where lsoa_boundary_year = 2011

),

small_area_population as (

    select * from {{ ref('stg_ons_population__small_area_population') }}

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

population_by_district_and_icb as (

    select
        district_codes.district_code_2023 as district_code,
        small_area_health_geographies.icb_code,
        small_area_health_geographies.icb_nhs_code,
        small_area_health_geographies.icb_name,
        sum(small_area_population.population) as population

    from small_area_health_geographies
    inner join small_area_population
        on small_area_health_geographies.lsoa_code = small_area_population.small_area_code
    inner join district_codes
        on
            small_area_health_geographies.district_code = district_codes.district_code
            and small_area_health_geographies.boundary_year = district_codes.boundary_year
    group by 1, 2, 3, 4

),

ranked as (

    select
        district_code,
        icb_code,
        icb_nhs_code,
        icb_name,
        population,
        population / sum(population) over (partition by district_code) as icb_population_share,
        count(*) over (partition by district_code) as icb_count,
        row_number() over (partition by district_code order by population desc, icb_code asc) as fit_rank

    from population_by_district_and_icb

),

final as (

    select
        district_code,
        icb_code,
        icb_nhs_code,
        icb_name,
        icb_population_share,
        icb_count

    from ranked
    where fit_rank = 1

)

select * from final
