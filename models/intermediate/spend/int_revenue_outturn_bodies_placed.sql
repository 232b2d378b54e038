{#-
    The area every Revenue Outturn body serves, as districts of the vintage that area is
    described in, ready to apportion over:
    - a district, unitary, metropolitan or London council: its own district, in the code
      vintage of the financial year (2014-15 codes are the 2016 ones: no English district
      changed between April 2014 and April 2016);
    - a county council: its districts in the 2018 upper-tier lookup (no county changed
      between 2014 and 2018);
    - a police, fire or combined authority: its districts in the 2019 lookups (the nearest
      vintage in the pack; areas that changed between the year and 2019 take the 2019 area);
    - the GLA: London;
    - waste, national park and a few other bodies: the areas in the body_areas seed.
    2014-15 returns carry no ONS code for police and fire bodies; they take the code the same
    body (same MHCLG ecode) has in 2017-18. Codes a publisher got wrong are corrected from the
    source_code_corrections seed.
-#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where row_kind = 'authority'

),

district_upper_tiers as (

    select * from {{ ref('stg_ons_geography__district_upper_tiers') }}
    where boundary_year = 2018

),

district_police_force_areas as (

    select * from {{ ref('stg_ons_geography__district_police_force_areas') }}
    where boundary_year = 2019

),

district_fire_authorities as (

    select * from {{ ref('stg_ons_geography__district_fire_authorities') }}
    where boundary_year = 2019

),

district_combined_authorities as (

    select * from {{ ref('stg_ons_geography__district_combined_authorities') }}
    where boundary_year = 2019

),

district_regions as (

    select * from {{ ref('stg_ons_geography__district_regions') }}
    where boundary_year = 2019

),

body_areas as (

    select * from {{ ref('body_areas') }}

),

source_code_corrections as (

    select * from {{ ref('source_code_corrections') }}
    where source = 'revenue_outturn'

),

areas_mapped_to_districts as (

    select * from {{ ref('int_areas_mapped_to_districts') }}

),

bodies as (

    select distinct
        financial_year,
        mhclg_ecode,
        authority_name as body_name,
        authority_class,
        ons_code

    from service_expenditure

),

coded_bodies as (

    select
        bodies.financial_year,
        bodies.mhclg_ecode,
        bodies.body_name,
        bodies.authority_class,
        coalesce(
            source_code_corrections.corrected_code, nullif(bodies.ons_code, 'N/A'), other_year.ons_code
        ) as body_ons_code,
        case bodies.financial_year when '2014-15' then 2016 when '2017-18' then 2017 end as district_vintage

    from bodies
    left join bodies as other_year
        on
            bodies.mhclg_ecode = other_year.mhclg_ecode
            and bodies.financial_year <> other_year.financial_year
            and nullif(other_year.ons_code, 'N/A') is not null
    left join source_code_corrections
        on
            bodies.financial_year = source_code_corrections.financial_year
            and bodies.mhclg_ecode = source_code_corrections.mhclg_ecode
            and bodies.ons_code = source_code_corrections.published_code

),

keyed_bodies as (

    select
        financial_year,
        mhclg_ecode,
        body_name,
        authority_class,
        body_ons_code,
        district_vintage,
        coalesce(body_ons_code, mhclg_ecode) as body_key,
        case
            when authority_class in ('L', 'MD', 'UA', 'SD') then 'council'
            when authority_class = 'SC' then 'council'
            when left(body_ons_code, 3) = 'E23' then 'police'
            when left(body_ons_code, 3) = 'E31' or lower(body_name) like '%fire%' then 'fire'
            when left(body_ons_code, 3) = 'E47' then 'combined authority'
            when left(body_ons_code, 3) = 'E12' then 'Greater London Authority'
            else 'other local body'
        end as body_kind

    from coded_bodies

),

placements as (

    -- Councils of a single district.
    select
        financial_year,
        mhclg_ecode,
        'own district' as area_basis,
        district_vintage as boundary_year,
        body_ons_code as district_code

    from keyed_bodies
    where left(body_ons_code, 3) in ('E06', 'E07', 'E08', 'E09')

    union all

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        'county districts, 2018 lookup' as area_basis,
        district_upper_tiers.boundary_year,
        district_upper_tiers.district_code

    from keyed_bodies
    inner join district_upper_tiers
        on keyed_bodies.body_ons_code = district_upper_tiers.upper_tier_code
    where left(keyed_bodies.body_ons_code, 3) = 'E10'

    union all

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        'police force area, 2019 lookup' as area_basis,
        district_police_force_areas.boundary_year,
        district_police_force_areas.district_code

    from keyed_bodies
    inner join district_police_force_areas
        on keyed_bodies.body_ons_code = district_police_force_areas.police_force_area_code

    union all

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        'fire and rescue authority, 2019 lookup' as area_basis,
        district_fire_authorities.boundary_year,
        district_fire_authorities.district_code

    from keyed_bodies
    inner join district_fire_authorities
        on keyed_bodies.body_ons_code = district_fire_authorities.fire_authority_code

    union all

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        'combined authority, 2019 lookup' as area_basis,
        district_combined_authorities.boundary_year,
        district_combined_authorities.district_code

    from keyed_bodies
    inner join district_combined_authorities
        on keyed_bodies.body_ons_code = district_combined_authorities.combined_authority_code

    union all

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        'region, 2019 lookup' as area_basis,
        district_regions.boundary_year,
        district_regions.district_code

    from keyed_bodies
    inner join district_regions
        on keyed_bodies.body_ons_code = district_regions.region_code

    union all

    select distinct
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        'body_areas seed' as area_basis,
        2023 as boundary_year,
        areas_mapped_to_districts.district_code

    from keyed_bodies
    inner join body_areas
        on keyed_bodies.body_key = body_areas.body_key
    inner join areas_mapped_to_districts
        on
            body_areas.area_kind = areas_mapped_to_districts.area_kind
            and body_areas.area_code = areas_mapped_to_districts.area_code

),

final as (

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        keyed_bodies.body_name,
        keyed_bodies.authority_class,
        keyed_bodies.body_ons_code,
        keyed_bodies.district_vintage,
        keyed_bodies.body_key,
        keyed_bodies.body_kind,
        placements.area_basis,
        placements.boundary_year,
        placements.district_code

    from keyed_bodies
    inner join placements
        on
            keyed_bodies.financial_year = placements.financial_year
            and keyed_bodies.mhclg_ecode = placements.mhclg_ecode

)

select * from final
