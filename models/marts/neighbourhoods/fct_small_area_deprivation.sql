{#-
    Every English small area (LSOA 2011) in every IMD vintage: its district on the reporting
    boundary, mid-2019 population, IMD rank and decile (older vintages carried onto 2011
    codes, see int_small_area_deprivation_by_vintage), its domain deciles where the vintage
    publishes them at small-area level, and whether it was in the most deprived decile in
    every vintage (persistently deprived).
-#}
{%- set domains = [
    ('income', 'Income'),
    ('employment', 'Employment'),
    ('education_skills_and_training', 'Education, Skills and Training'),
    ('health_deprivation_and_disability', 'Health Deprivation and Disability'),
    ('crime', 'Crime'),
    ('barriers_to_housing_and_services', 'Barriers to Housing and Services'),
    ('living_environment', 'Living Environment'),
] -%}

with

small_area_deprivation as (

    select * from {{ ref('int_small_area_deprivation_by_vintage') }}

),

small_area_domain_deciles as (

    select * from {{ ref('int_small_area_domain_deciles_by_vintage') }}

),

small_areas_placed as (

    select * from {{ ref('int_small_areas_placed') }}

),

vintage_count as (

    select count(distinct imd_vintage) as vintages
    from small_area_deprivation

),

persistence as (

    -- Persistently deprived: in the most deprived decile in every vintage held. An area
    -- without a rank in some vintage cannot be shown to be, so it is not.
    select
        small_area_deprivation.lsoa_code,
        count(
            case when small_area_deprivation.is_in_most_deprived_decile then 1 end
        ) = max(vintage_count.vintages) as is_persistently_deprived

    from small_area_deprivation
    cross join vintage_count
    group by 1

),

domain_deciles as (

    select
        imd_vintage,
        lsoa_code,
        {%- for column, domain in domains %}
        max(case when deprivation_domain = '{{ domain }}' then domain_decile end) as {{ column }}_decile,
        {%- endfor %}
        count(distinct deprivation_domain) as domains_landed

    from small_area_domain_deciles
    group by 1, 2

),

final as (

    select
        small_area_deprivation.imd_vintage,
        small_area_deprivation.lsoa_code,
        small_area_deprivation.lsoa_name,
        small_areas_placed.district_code,
        small_areas_placed.district_name,
        small_areas_placed.population,
        small_areas_placed.population_year,
        small_area_deprivation.imd_rank,
        small_area_deprivation.imd_decile,
        small_area_deprivation.is_in_most_deprived_decile,
        persistence.is_persistently_deprived,
        small_area_deprivation.is_decile_published,
        small_area_deprivation.small_area_link,
        small_area_deprivation.is_carried_approximately,
        {%- for column, domain in domains %}
        domain_deciles.{{ column }}_decile,
        {%- endfor %}
        small_area_deprivation.source_lsoa_codes

    from small_area_deprivation
    inner join persistence
        on small_area_deprivation.lsoa_code = persistence.lsoa_code
    left join small_areas_placed
        on small_area_deprivation.lsoa_code = small_areas_placed.lsoa_code
    left join domain_deciles
        on
            small_area_deprivation.lsoa_code = domain_deciles.lsoa_code
            and small_area_deprivation.imd_vintage = domain_deciles.imd_vintage

)

select * from final
