{#-
    IMD 2019 and each of its domains for the 2023 districts. IMD 2019 was published for the
    317 districts of April 2019. A 2023 district formed from several of them gets their
    average scores weighted by mid-2019 population (the estimate of the IMD's own year and
    boundaries); ranks are recomputed across the 2023 districts, 1 being the most deprived,
    as in the published File 10.
-#}

with

domain_summaries as (

    select * from {{ ref('stg_mhclg_imd2019__district_domain_summaries') }}

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
        domain_summaries.deprivation_domain,
        district_codes.district_code_2023 as district_code,
        sum(domain_summaries.average_score * population_totals.population)
        / sum(population_totals.population) as average_score,
        count(*) as source_district_count

    from domain_summaries
    inner join district_codes
        on
            domain_summaries.district_code = district_codes.district_code
            and domain_summaries.boundary_year = district_codes.boundary_year
    inner join population_totals
        on
            domain_summaries.district_code = population_totals.area_code
            and domain_summaries.boundary_year = population_totals.boundary_year
    group by 1, 2

),

final as (

    select
        deprivation_domain,
        district_code,
        average_score,
        rank() over (partition by deprivation_domain order by average_score desc) as rank_of_average_score,
        source_district_count

    from weighted

)

select * from final
