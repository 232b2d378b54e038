{#-
    Apportionment drivers (mid-2019 population, all ages and by age band) for the districts of
    each April vintage a spending body's area is described in (2016 to 2019, and 2023).

    A district that still existed in April 2019 has its own mid-2019 estimate. One abolished
    in the April 2019 reorganisations (Dorset, Suffolk, Somerset West and Taunton) gets its
    successor's estimate times its share of the successor's mid-2019 small-area population:
    2011 small areas are named after their 2011 district ("Christchurch 001A"), so that share
    is exact; within the successor the age structure is assumed the same. A 2023 district is
    the sum of its 2019 districts.
-#}

with

population_by_age as (

    select * from {{ ref('stg_ons_population__population_by_age') }}
    where area_level = 'district' and mid_year = 2019

),

code_chains as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

code_chain_rows as (

    select * from {{ ref('stg_ons_geography__district_code_chains') }}

),

small_area_ranks as (

    select * from {{ ref('stg_mhclg_imd2019__small_area_ranks') }}

),

small_area_population as (

    select * from {{ ref('stg_ons_population__small_area_population') }}

),

districts_2019 as (

    select
        area_code as district_code_2019,
        sum(population) as population,
        sum(case when age < 18 then population else 0 end) as population_0_17,
        sum(case when age between 16 and 64 then population else 0 end) as population_16_64,
        sum(case when age >= 65 then population else 0 end) as population_65_plus

    from population_by_age
    group by 1

),

earlier_to_2019 as (

    -- Each 2016-2018 district with the 2019 district it is, or became part of.
    {% for year in [2016, 2017, 2018] %}
    select distinct
        {{ year }} as boundary_year,
        district_code_{{ year }} as district_code,
        district_name_{{ year }} as district_name,
        district_code_2019,
        district_code_2023

    from code_chain_rows
    where district_code_2023 like 'E%'
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

small_area_shares as (

    -- Share of each abolished district's successor population living in its small areas.
    select
        earlier_to_2019.boundary_year,
        earlier_to_2019.district_code,
        sum(
            case
                when small_area_ranks.lsoa_name like earlier_to_2019.district_name || ' %'
                    then small_area_population.population
                else 0
            end
        ) / sum(small_area_population.population) as share_of_successor

    from earlier_to_2019
    inner join small_area_ranks
        on earlier_to_2019.district_code_2019 = small_area_ranks.district_code
    inner join small_area_population
        on small_area_ranks.lsoa_code = small_area_population.small_area_code
    where earlier_to_2019.district_code <> earlier_to_2019.district_code_2019
    group by 1, 2

),

earlier_districts as (

    select
        earlier_to_2019.boundary_year,
        earlier_to_2019.district_code,
        earlier_to_2019.district_code_2019,
        earlier_to_2019.district_code_2023,
        coalesce(small_area_shares.share_of_successor, 1) as share_of_2019_district,
        case
            when small_area_shares.share_of_successor is null then 'own mid-2019 estimate'
            else 'share of successor by 2019 small-area population'
        end as population_basis,
        districts_2019.population * coalesce(small_area_shares.share_of_successor, 1) as population,
        districts_2019.population_0_17 * coalesce(small_area_shares.share_of_successor, 1) as population_0_17,
        districts_2019.population_16_64 * coalesce(small_area_shares.share_of_successor, 1) as population_16_64,
        districts_2019.population_65_plus * coalesce(small_area_shares.share_of_successor, 1) as population_65_plus

    from earlier_to_2019
    inner join districts_2019
        on earlier_to_2019.district_code_2019 = districts_2019.district_code_2019
    left join small_area_shares
        on
            earlier_to_2019.boundary_year = small_area_shares.boundary_year
            and earlier_to_2019.district_code = small_area_shares.district_code

),

districts_of_2019 as (

    select
        2019 as boundary_year,
        code_chains.district_code,
        code_chains.district_code as district_code_2019,
        code_chains.district_code_2023,
        1.0 as share_of_2019_district,
        'own mid-2019 estimate' as population_basis,
        cast(districts_2019.population as double) as population,
        cast(districts_2019.population_0_17 as double) as population_0_17,
        cast(districts_2019.population_16_64 as double) as population_16_64,
        cast(districts_2019.population_65_plus as double) as population_65_plus

    from code_chains
    inner join districts_2019
        on code_chains.district_code = districts_2019.district_code_2019
    where code_chains.boundary_year = 2019

),

districts_of_2023 as (

    select
        2023 as boundary_year,
        district_code_2023 as district_code,
        cast(null as varchar) as district_code_2019,
        district_code_2023,
        1.0 as share_of_2019_district,
        'sum of its mid-2019 districts' as population_basis,
        sum(population) as population,
        sum(population_0_17) as population_0_17,
        sum(population_16_64) as population_16_64,
        sum(population_65_plus) as population_65_plus

    from districts_of_2019
    group by 1, 2, 3, 4, 5, 6

),

final as (

    select * from earlier_districts
    union all
    select * from districts_of_2019
    union all
    select * from districts_of_2023

)

select * from final
