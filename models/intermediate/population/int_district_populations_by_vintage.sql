{#-
    The apportionment drivers as they were before populations by year: each district of every
    April vintage with its population at the mid-year of the small-area estimates (mid-2019),
    all ages and by age band. A thin slice of int_district_populations_by_year, whose comment
    says how each district's population is found, kept so its consumers and the small-area
    share test keep working; new work should use the by-year model.
-#}

with

populations_by_year as (

    select * from {{ ref('int_district_populations_by_year') }}

),

small_area_population as (

    select * from {{ ref('stg_ons_population__small_area_population') }}

),

final as (

    select
        populations_by_year.boundary_year,
        populations_by_year.district_code,
        populations_by_year.source_district_code as district_code_2019,
        populations_by_year.district_code_2023,
        populations_by_year.share_of_source_district as share_of_2019_district,
        populations_by_year.population_basis,
        populations_by_year.population,
        populations_by_year.population_0_17,
        populations_by_year.population_16_64,
        populations_by_year.population_65_plus

    from populations_by_year
    where populations_by_year.mid_year = (select max(small_area_population.mid_year) from small_area_population)

)

select * from final
