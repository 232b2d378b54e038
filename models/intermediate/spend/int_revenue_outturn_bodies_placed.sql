{#-
    The area every Revenue Outturn body serves, each year, as districts of the April vintage
    the area is described in, ready to apportion over. One row per year, body and district.
    - The body's ONS code: a correction from the source_code_corrections seed; else the code
      its workbook prints; else the revenue_outturn_body_codes seed (bodies no workbook codes:
      the police authorities of 2011-12, the passenger transport authorities); else the code
      the same MHCLG ecode carries in the nearest workbook that prints one (the later on a
      tie: 2011-12 to 2013-14 print ecodes only, 2014-15 has no codes for police and fire);
      else the mySociety register's code for the ecode.
    - Its area: the body_areas seed where it names the body (by code or ecode: waste and
      national park authorities, Lee Valley, bodies merged before any lookup has them, the
      North East Combined Authority of 2014-2018), described in reporting-vintage districts;
      else the ONS lookup in which its code is an area (a district itself, an upper tier, a
      county, a police force area, a fire and rescue authority, a combined authority, a
      region) of the vintage nearest the workbook's code vintage (the later on a tie, a
      district itself before a wider area of the same vintage). Its districts are of that
      vintage, so an area that changed is taken as it was nearest the year.
    - The GLA is one body placed on London (its region); its police, fire and transport lines
      are re-attributed downstream (functional_bodies seed).
    - district_vintage: the vintage of int_district_codes_mapped_to_2023 nearest the
      workbook's (2016 for 2011-12 to 2016-17, whose district codes are the 2016 ones: no
      English district changed between April 2011 and April 2016 but Gateshead and
      Northumberland, recoded in 2013, and the workbooks' codes for them are the new ones).
-#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where row_kind = 'authority'

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

district_upper_tiers as (

    select * from {{ ref('stg_ons_geography__district_upper_tiers') }}

),

district_counties as (

    select * from {{ ref('stg_ons_geography__district_counties') }}

),

district_police_force_areas as (

    select * from {{ ref('stg_ons_geography__district_police_force_areas') }}

),

district_fire_authorities as (

    select * from {{ ref('stg_ons_geography__district_fire_authorities') }}

),

district_combined_authorities as (

    select * from {{ ref('stg_ons_geography__district_combined_authorities') }}

),

district_regions as (

    select * from {{ ref('stg_ons_geography__district_regions') }}

),

areas_mapped_to_districts as (

    select * from {{ ref('int_areas_mapped_to_districts') }}

),

register as (

    select * from {{ ref('stg_mysociety__local_authorities') }}
    where register_edition = 'current'

),

body_areas as (

    select * from {{ ref('body_areas') }}

),

body_codes as (

    select * from {{ ref('revenue_outturn_body_codes') }}

),

source_code_corrections as (

    select * from {{ ref('source_code_corrections') }}
    where source = 'revenue_outturn'

),

bodies as (

    select distinct
        financial_year,
        boundary_year as code_vintage,
        mhclg_ecode,
        authority_name as body_name,
        authority_class,
        ons_code

    from service_expenditure

),

workbook_years as (

    select distinct
        financial_year,
        code_vintage

    from bodies

),

district_vintages as (

    select distinct boundary_year from district_codes

),

-- "Nearest" throughout: the smallest distance in years, the later vintage on a tie.
ranked_district_vintages as (

    select
        workbook_years.financial_year,
        district_vintages.boundary_year as district_vintage,
        row_number() over (
            partition by workbook_years.financial_year
            order by
                abs(district_vintages.boundary_year - workbook_years.code_vintage) asc,
                district_vintages.boundary_year desc
        ) as nearness

    from workbook_years
    cross join district_vintages

),

ranked_workbook_codes as (

    select
        bodies.financial_year,
        bodies.mhclg_ecode,
        other_years.ons_code,
        other_years.financial_year as code_financial_year,
        row_number() over (
            partition by bodies.financial_year, bodies.mhclg_ecode
            order by abs(other_years.code_vintage - bodies.code_vintage) asc, other_years.code_vintage desc
        ) as nearness

    from bodies
    inner join bodies as other_years
        on
            bodies.mhclg_ecode = other_years.mhclg_ecode
            and bodies.financial_year <> other_years.financial_year
            and other_years.ons_code is not null
    where bodies.ons_code is null

),

ranked_register_codes as (

    select
        mhclg_ecode,
        gss_code,
        row_number() over (partition by mhclg_ecode order by source_row_number) as register_rank

    from register
    where mhclg_ecode is not null and gss_code is not null

),

coded_bodies as (

    select
        bodies.financial_year,
        bodies.code_vintage,
        bodies.mhclg_ecode,
        bodies.body_name,
        bodies.authority_class,
        coalesce(
            source_code_corrections.corrected_code,
            bodies.ons_code,
            body_codes.body_code,
            nearest_workbook_codes.ons_code,
            register_codes.gss_code
        ) as body_ons_code,
        case
            when source_code_corrections.corrected_code is not null then 'source_code_corrections seed'
            when bodies.ons_code is not null then 'workbook'
            when body_codes.body_code is not null then 'revenue_outturn_body_codes seed'
            when nearest_workbook_codes.ons_code is not null
                then 'workbook of ' || nearest_workbook_codes.code_financial_year
            when register_codes.gss_code is not null then 'mySociety register'
            else 'none: the body has no ONS code'
        end as code_basis,
        ranked_district_vintages.district_vintage

    from bodies
    inner join ranked_district_vintages
        on
            bodies.financial_year = ranked_district_vintages.financial_year
            and ranked_district_vintages.nearness = 1
    left join source_code_corrections
        on
            bodies.financial_year = source_code_corrections.financial_year
            and bodies.mhclg_ecode = source_code_corrections.mhclg_ecode
            and bodies.ons_code = source_code_corrections.published_code
    left join body_codes
        on bodies.mhclg_ecode = body_codes.mhclg_ecode
    left join ranked_workbook_codes as nearest_workbook_codes
        on
            bodies.financial_year = nearest_workbook_codes.financial_year
            and bodies.mhclg_ecode = nearest_workbook_codes.mhclg_ecode
            and nearest_workbook_codes.nearness = 1
    left join ranked_register_codes as register_codes
        on
            bodies.mhclg_ecode = register_codes.mhclg_ecode
            and register_codes.register_rank = 1

),

keyed_bodies as (

    select
        *,
        coalesce(body_ons_code, mhclg_ecode) as body_key,
        case
            when authority_class in ('L', 'MD', 'UA', 'SD', 'SC') then 'council'
            when left(body_ons_code, 3) = 'E23' then 'police'
            when left(body_ons_code, 3) = 'E31' then 'fire'
            when left(body_ons_code, 3) = 'E47' then 'combined authority'
            when left(body_ons_code, 3) = 'E12' then 'Greater London Authority'
            -- A metropolitan county's code stands for its passenger transport authority.
            when left(body_ons_code, 3) = 'E11' then 'transport body'
            else 'other local body'
        end as body_kind

    from coded_bodies

),

-- Every ONS lookup of the pack as (kind, vintage, area, district); a district is its own area.
area_lookups as (

    select distinct
        'own district' as area_kind,
        1 as kind_priority,
        boundary_year,
        district_code as area_code,
        district_code

    from district_codes

    union all

    select distinct
        'county districts' as area_kind,
        2 as kind_priority,
        boundary_year,
        upper_tier_code as area_code,
        district_code

    from district_upper_tiers

    union all

    select distinct
        'county districts' as area_kind,
        3 as kind_priority,
        boundary_year,
        county_code as area_code,
        district_code

    from district_counties

    union all

    select distinct
        'police force area' as area_kind,
        4 as kind_priority,
        boundary_year,
        police_force_area_code as area_code,
        district_code

    from district_police_force_areas

    union all

    select distinct
        'fire and rescue authority' as area_kind,
        5 as kind_priority,
        boundary_year,
        fire_authority_code as area_code,
        district_code

    from district_fire_authorities

    union all

    select distinct
        'combined authority' as area_kind,
        6 as kind_priority,
        boundary_year,
        combined_authority_code as area_code,
        district_code

    from district_combined_authorities

    union all

    select distinct
        'region' as area_kind,
        7 as kind_priority,
        boundary_year,
        region_code as area_code,
        district_code

    from district_regions

),

area_vintages as (

    select distinct
        kind_priority,
        area_kind,
        boundary_year,
        area_code

    from area_lookups

),

seeded_bodies as (

    select distinct
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        body_areas.area_kind,
        body_areas.area_code

    from keyed_bodies
    inner join body_areas
        on body_areas.body_key in (keyed_bodies.body_ons_code, keyed_bodies.mhclg_ecode)

),

seeded_body_years as (

    select distinct
        financial_year,
        mhclg_ecode

    from seeded_bodies

),

-- A body the body_areas seed names takes its area from there, in every year.
looked_up_bodies as (

    select keyed_bodies.*

    from keyed_bodies
    left join seeded_body_years
        on
            keyed_bodies.financial_year = seeded_body_years.financial_year
            and keyed_bodies.mhclg_ecode = seeded_body_years.mhclg_ecode
    where seeded_body_years.mhclg_ecode is null

),

ranked_lookups as (

    select
        looked_up_bodies.financial_year,
        looked_up_bodies.mhclg_ecode,
        looked_up_bodies.body_ons_code,
        area_vintages.kind_priority,
        area_vintages.area_kind,
        area_vintages.boundary_year,
        row_number() over (
            partition by looked_up_bodies.financial_year, looked_up_bodies.mhclg_ecode
            order by
                abs(area_vintages.boundary_year - looked_up_bodies.code_vintage) asc,
                area_vintages.boundary_year desc,
                area_vintages.kind_priority asc
        ) as nearness

    from looked_up_bodies
    inner join area_vintages
        on looked_up_bodies.body_ons_code = area_vintages.area_code

),

lookup_choices as (

    select * from ranked_lookups
    where nearness = 1

),

placements as (

    select
        lookup_choices.financial_year,
        lookup_choices.mhclg_ecode,
        lookup_choices.area_kind || ', '
        || cast(lookup_choices.boundary_year as {{ dbt.type_string() }}) || ' lookup' as area_basis,
        area_lookups.boundary_year,
        area_lookups.district_code

    from lookup_choices
    inner join area_lookups
        on
            lookup_choices.kind_priority = area_lookups.kind_priority
            and lookup_choices.boundary_year = area_lookups.boundary_year
            and lookup_choices.body_ons_code = area_lookups.area_code

    union distinct

    select
        seeded_bodies.financial_year,
        seeded_bodies.mhclg_ecode,
        'body_areas seed' as area_basis,
        {{ var('reporting_boundary_year') }} as boundary_year,
        areas_mapped_to_districts.district_code

    from seeded_bodies
    inner join areas_mapped_to_districts
        on
            seeded_bodies.area_kind = areas_mapped_to_districts.area_kind
            and seeded_bodies.area_code = areas_mapped_to_districts.area_code

),

final as (

    select
        keyed_bodies.financial_year,
        keyed_bodies.mhclg_ecode,
        keyed_bodies.body_name,
        keyed_bodies.authority_class,
        keyed_bodies.body_ons_code,
        keyed_bodies.code_basis,
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
