{#-
    Neighbourhoods with persistently poor outcomes, per place and IMD vintage: how many of the
    place's small areas (LSOA 2011) were in England's most deprived decile that vintage, and
    how many were in it in every vintage (persistently deprived), with their mid-2019
    population and the share of the place's residents living in them. Places are districts,
    upper-tier authorities, combined authorities, regions, England and the 13 Total Place
    pilot areas, each as its districts on the reporting boundary.
-#}

with

small_area_deprivation as (

    select * from {{ ref('fct_small_area_deprivation') }}

),

place_members as (

    select * from {{ ref('int_places_mapped_to_districts') }}

),

aggregated as (

    select
        place_members.place_kind,
        place_members.place_code,
        place_members.place_name,
        small_area_deprivation.imd_vintage,
        count(*) as small_areas,
        cast(sum(small_area_deprivation.population) as bigint) as population,
        max(small_area_deprivation.population_year) as population_year,
        count(case when small_area_deprivation.imd_rank is null then 1 end) as small_areas_without_rank,
        count(case when small_area_deprivation.is_in_most_deprived_decile then 1 end)
            as most_deprived_decile_small_areas,
        cast(coalesce(sum(
            case when small_area_deprivation.is_in_most_deprived_decile then small_area_deprivation.population end
        ), 0) as bigint) as most_deprived_decile_population,
        count(case when small_area_deprivation.is_persistently_deprived then 1 end)
            as persistently_deprived_small_areas,
        cast(coalesce(sum(
            case when small_area_deprivation.is_persistently_deprived then small_area_deprivation.population end
        ), 0) as bigint) as persistently_deprived_population

    from place_members
    inner join small_area_deprivation
        on place_members.district_code = small_area_deprivation.district_code
    group by 1, 2, 3, 4

),

final as (

    select
        place_kind,
        place_code,
        place_name,
        imd_vintage,
        small_areas,
        population,
        population_year,
        small_areas_without_rank,
        most_deprived_decile_small_areas,
        most_deprived_decile_population,
        cast(most_deprived_decile_population as double)
        / nullif(population, 0) as most_deprived_decile_population_share,
        persistently_deprived_small_areas,
        persistently_deprived_population,
        cast(persistently_deprived_population as double)
        / nullif(population, 0) as persistently_deprived_population_share

    from aggregated

)

select * from final
