{#-
    The domain deciles of every English 2011 small area in each vintage that publishes them at
    small-area level, carried from older boundaries by the rule of
    int_small_area_deprivation_by_vintage (a child takes its parent's decile; an area with
    several parents the least deprived one's).
-#}

with

imd2010_domains as (

    select * from {{ ref('stg_mhclg_imd_history__imd2010_domains') }}

),

imd2019_domains as (

    select * from {{ ref('stg_mhclg_imd_history__imd2019_domains') }}

),

small_area_changes as (

    select * from {{ ref('stg_ons_geography__small_area_changes_2001_2011') }}

),

domains as (

    select * from imd2010_domains
    union all
    select * from imd2019_domains

),

target_boundaries as (

    select distinct to_lsoa_boundary_year as lsoa_boundary_year
    from small_area_changes

),

direct as (

    select
        domains.imd_vintage,
        domains.lsoa_code,
        domains.deprivation_domain,
        domains.domain_decile

    from domains
    inner join target_boundaries
        on domains.lsoa_boundary_year = target_boundaries.lsoa_boundary_year

),

carried as (

    select
        domains.imd_vintage,
        small_area_changes.to_lsoa_code as lsoa_code,
        domains.deprivation_domain,
        max(domains.domain_decile) as domain_decile

    from domains
    inner join small_area_changes
        on
            domains.lsoa_code = small_area_changes.from_lsoa_code
            and domains.lsoa_boundary_year = small_area_changes.from_lsoa_boundary_year
    group by 1, 2, 3

),

final as (

    select * from direct
    union all
    select * from carried

)

select * from final
