{#-
    One row per English local authority district on the reporting boundary (April 2023): the
    places of the Total Place count, from the spine int_reporting_districts (which says which
    lookup gives each area), with the district's health geography, rural-urban class,
    population, deprivation and predecessors.
-#}

with

reporting_districts as (

    select * from {{ ref('int_reporting_districts') }}

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
        reporting_districts.district_code,
        reporting_districts.district_name,
        reporting_districts.boundary_year,
        reporting_districts.upper_tier_code,
        reporting_districts.upper_tier_name,
        reporting_districts.region_code,
        reporting_districts.region_name,
        reporting_districts.combined_authority_code,
        reporting_districts.combined_authority_name,
        reporting_districts.police_force_area_code,
        reporting_districts.police_force_area_name,
        reporting_districts.fire_authority_code,
        reporting_districts.fire_authority_name,
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

    from reporting_districts
    left join district_rural_urban_classes
        on reporting_districts.district_code = district_rural_urban_classes.district_code
    left join district_icbs
        on reporting_districts.district_code = district_icbs.district_code
    left join population_mid_2020
        on reporting_districts.district_code = population_mid_2020.district_code
    left join district_imd
        on reporting_districts.district_code = district_imd.district_code
    left join predecessors
        on reporting_districts.district_code = predecessors.district_code

)

select * from final
