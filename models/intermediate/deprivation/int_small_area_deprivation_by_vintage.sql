{#-
    Every English small area on the newest boundaries the IMD vintages use (LSOA 2011), with
    its IMD rank and decile in every vintage. A vintage published on the older boundaries
    (IoD2010, LSOA 2001) reaches them through the ONS change lookup: an unchanged area keeps
    its rank; each child of a split takes its parent's rank; a merged or redrawn area with
    several parents takes its least deprived parent's rank and decile (so it is in the most
    deprived decile only where all its parents were); a redrawn area is a best fit. A small
    area the lookup gives no parent has no rank in that vintage (`small_area_link` unmatched).
-#}

with

imd2010_small_areas as (

    select * from {{ ref('stg_mhclg_imd_history__imd2010_small_areas') }}

),

imd2015_small_areas as (

    select * from {{ ref('stg_mhclg_imd_history__imd2015_small_areas') }}

),

imd2019_small_areas as (

    select * from {{ ref('stg_mhclg_imd_history__imd2019_small_areas') }}

),

small_area_changes as (

    select * from {{ ref('stg_ons_geography__small_area_changes_2001_2011') }}

),

vintages as (

    select * from imd2010_small_areas
    union all
    select * from imd2015_small_areas
    union all
    select * from imd2019_small_areas

),

target_boundaries as (

    select distinct to_lsoa_boundary_year as lsoa_boundary_year
    from small_area_changes

),

small_areas as (

    -- The spine: every small area a vintage on the target boundaries ranks, its latest name.
    select
        vintages.lsoa_code,
        arg_max(vintages.lsoa_name, vintages.imd_vintage) as lsoa_name

    from vintages
    inner join target_boundaries
        on vintages.lsoa_boundary_year = target_boundaries.lsoa_boundary_year
    group by 1

),

vintage_kinds as (

    select distinct
        imd_vintage,
        lsoa_boundary_year,
        is_decile_published

    from vintages

),

direct as (

    select
        vintages.imd_vintage,
        vintages.lsoa_code,
        vintages.imd_rank,
        vintages.imd_decile,
        'same code' as small_area_link,
        vintages.lsoa_code as source_lsoa_codes,
        1 as source_small_area_count

    from vintages
    inner join target_boundaries
        on vintages.lsoa_boundary_year = target_boundaries.lsoa_boundary_year

),

carried as (

    -- The decile is monotone in the rank, so the largest rank and decile are the same parent's.
    select
        vintages.imd_vintage,
        small_area_changes.to_lsoa_code as lsoa_code,
        max(vintages.imd_rank) as imd_rank,
        max(vintages.imd_decile) as imd_decile,
        {{ dbt.listagg('distinct small_area_changes.change_kind', "', '", 'order by small_area_changes.change_kind') }}
            as small_area_link,
        {{ dbt.listagg('small_area_changes.from_lsoa_code', "', '", 'order by small_area_changes.from_lsoa_code') }}
            as source_lsoa_codes,
        count(*) as source_small_area_count

    from vintages
    inner join small_area_changes
        on
            vintages.lsoa_code = small_area_changes.from_lsoa_code
            and vintages.lsoa_boundary_year = small_area_changes.from_lsoa_boundary_year
    group by 1, 2

),

linked as (

    select * from direct
    union all
    select * from carried

),

final as (

    select
        vintage_kinds.imd_vintage,
        small_areas.lsoa_code,
        small_areas.lsoa_name,
        linked.imd_rank,
        linked.imd_decile,
        linked.imd_decile = 1 as is_in_most_deprived_decile,
        vintage_kinds.is_decile_published,
        coalesce(linked.small_area_link, 'unmatched') as small_area_link,
        coalesce(linked.small_area_link not in ('same code', 'unchanged'), false) as is_carried_approximately,
        linked.source_lsoa_codes,
        coalesce(linked.source_small_area_count, 0) as source_small_area_count

    from small_areas
    cross join vintage_kinds
    left join linked
        on
            small_areas.lsoa_code = linked.lsoa_code
            and vintage_kinds.imd_vintage = linked.imd_vintage

)

select * from final
