{#-
    IMD 2019 was published for the 317 districts of April 2019. A 2023 district formed from
    several of them gets their average score weighted by mid-2019 population (the estimate
    of the IMD's own year and boundaries); ranks are recomputed across the 2023 districts,
    1 being the most deprived, as in the published File 10.
-#}

with

imd_summaries as (

    select * from {{ ref('stg_mhclg_imd2019__district_imd_summaries') }}

),

population_by_age as (

    select * from {{ ref('stg_ons_population__population_by_age') }}
    where area_level = 'district' and mid_year = 2019

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

population_totals as (

    select
        area_code,
        boundary_year,
        sum(population) as population

    from population_by_age
    group by 1, 2

),

weighted as (

    select
        district_codes.district_code_2023 as district_code,
        sum(imd_summaries.imd_average_score * population_totals.population)
        / sum(population_totals.population) as imd_average_score,
        count(*) as source_district_count

    from imd_summaries
    inner join district_codes
        on
            imd_summaries.district_code = district_codes.district_code
            and imd_summaries.boundary_year = district_codes.boundary_year
    inner join population_totals
        on
            imd_summaries.district_code = population_totals.area_code
            and imd_summaries.boundary_year = population_totals.boundary_year
    group by 1

),

final as (

    select
        district_code,
        imd_average_score,
        rank() over (order by imd_average_score desc) as imd_rank_of_average_score,
        source_district_count

    from weighted

)

select * from final
