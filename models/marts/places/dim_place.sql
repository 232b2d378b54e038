{#-
    One row per English local authority district on April 2023 boundaries: the places of the
    Total Place count. Wales shares several lookups, so the 296 English districts are taken
    from the 2023 district-to-region lookup, which is England only. Police and fire lookups
    are of 2024, whose district codes are the 2023 ones.
-#}

with

district_regions as (

    select * from {{ ref('stg_ons_geography__district_regions') }}
    where boundary_year = 2023

),

district_upper_tiers as (

    select * from {{ ref('stg_ons_geography__district_upper_tiers') }}
    where boundary_year = 2023

),

district_combined_authorities as (

    select * from {{ ref('stg_ons_geography__district_combined_authorities') }}
    where boundary_year = 2023

),

district_police_force_areas as (

    select * from {{ ref('stg_ons_geography__district_police_force_areas') }}
    where boundary_year = 2024

),

district_fire_authorities as (

    select * from {{ ref('stg_ons_geography__district_fire_authorities') }}
    where boundary_year = 2024

),

district_rural_urban_classes as (

    select * from {{ ref('stg_ons_geography__district_rural_urban_classes') }}

),

district_icbs as (

    select * from {{ ref('int_district_icbs_best_fitted') }}

),

district_population as (

    select * from {{ ref('int_district_population_restated') }}

),

district_imd as (

    select * from {{ ref('int_district_deprivation_restated') }}
    where deprivation_domain = 'Index of Multiple Deprivation'

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

population_mid_2020 as (

    select
        district_code,
        cast(sum(population) as bigint) as population

    from district_population
    where mid_year = 2020
    group by 1

),

predecessors as (

    select
        district_code_2023 as district_code,
        {{ dbt.listagg('distinct district_code', "', '", 'order by district_code') }} as predecessor_district_codes

    from district_codes
    where is_restated
    group by 1

),

final as (

    select
        district_regions.district_code,
        district_regions.district_name,
        district_regions.boundary_year,
        district_upper_tiers.upper_tier_code,
        district_upper_tiers.upper_tier_name,
        district_regions.region_code,
        district_regions.region_name,
        district_combined_authorities.combined_authority_code,
        district_combined_authorities.combined_authority_name,
        district_police_force_areas.police_force_area_code,
        district_police_force_areas.police_force_area_name,
        district_fire_authorities.fire_authority_code,
        district_fire_authorities.fire_authority_name,
        district_icbs.icb_code,
        district_icbs.icb_nhs_code,
        district_icbs.icb_name,
        district_icbs.icb_population_share,
        district_rural_urban_classes.rural_urban_code,
        district_rural_urban_classes.rural_urban_class,
        district_rural_urban_classes.rural_urban_broad_class,
        population_mid_2020.population as population_mid_2020,
        district_imd.average_score as imd_2019_average_score,
        cast(district_imd.rank_of_average_score as integer) as imd_2019_rank_of_average_score,
        district_imd.source_district_count > 1 as is_imd_restated,
        predecessors.predecessor_district_codes

    from district_regions
    left join district_upper_tiers
        on district_regions.district_code = district_upper_tiers.district_code
    left join district_combined_authorities
        on district_regions.district_code = district_combined_authorities.district_code
    left join district_police_force_areas
        on district_regions.district_code = district_police_force_areas.district_code
    left join district_fire_authorities
        on district_regions.district_code = district_fire_authorities.district_code
    left join district_rural_urban_classes
        on district_regions.district_code = district_rural_urban_classes.district_code
    left join district_icbs
        on district_regions.district_code = district_icbs.district_code
    left join population_mid_2020
        on district_regions.district_code = population_mid_2020.district_code
    left join district_imd
        on district_regions.district_code = district_imd.district_code
    left join predecessors
        on district_regions.district_code = predecessors.district_code

)

select * from final
