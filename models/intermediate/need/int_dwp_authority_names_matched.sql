{#-
    One row per local authority named in the DWP Stat-Xplore extracts, with its GSS code and,
    for an English district, the district of the reporting boundary it is or became part of.
    Stat-Xplore names authorities, it does not code them, in its geography of the day (about
    2023 for Universal Credit, 2021-22 for children in low-income families), and gives
    Welsh ones in both languages ("Isle of Anglesey / Ynys Môn"). A name is matched, in this
    order, to: a spelling in the seed dwp_authority_name_spellings; the ONS name of a district
    of the reporting boundary (int_reporting_districts); an ONS district name of any staged
    vintage, in English or Welsh (Wales, Scotland); a spelling in mySociety's register of a
    current authority. An older code goes to its reporting district through the code chains
    (int_district_codes_mapped_to_2023). Names are compared in lower case, "&" read as "and",
    full stops dropped.
-#}

with

households_on_universal_credit as (

    select * from {{ ref('stg_dwp_stat_xplore__households_on_universal_credit') }}
    where row_kind = 'local authority'

),

children_in_low_income_families as (

    select * from {{ ref('stg_dwp_stat_xplore__children_in_low_income_families') }}
    where row_kind = 'local authority'

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

name_spellings as (

    select * from {{ ref('dwp_authority_name_spellings') }}

),

reporting_districts as (

    select * from {{ ref('int_reporting_districts') }}

),

area_names as (

    select * from {{ ref('stg_ons_geography__area_names') }}
    where area_type = 'local authority district'

),

authority_names as (

    select * from {{ ref('stg_mysociety__authority_names') }}

),

local_authorities as (

    select * from {{ ref('stg_mysociety__local_authorities') }}
    where register_edition = 'current' and is_current

),

published_names as (

    select distinct
        authority_name,
        lower(replace(replace(trim({{ dbt.split_part('authority_name', "' / '", 1) }}), '&', 'and'), '.', ''))
            as name_key

    from (
        select authority_name from households_on_universal_credit
        union
        select authority_name from children_in_low_income_families
    ) as extracts

),

reporting_names as (

    select
        district_code as gss_code,
        lower(replace(replace(district_name, '&', 'and'), '.', '')) as name_key

    from reporting_districts

),

ons_names as (

    select distinct
        area_code as gss_code,
        lower(replace(replace(area_name, '&', 'and'), '.', '')) as name_key

    from area_names

    union

    select distinct
        area_code as gss_code,
        lower(replace(replace(area_name_welsh, '&', 'and'), '.', '')) as name_key

    from area_names
    where area_name_welsh is not null

    union

    -- English district names of every April vintage 2016-2024 (ONS code chains).
    select distinct
        district_code as gss_code,
        lower(replace(replace(district_name, '&', 'and'), '.', '')) as name_key

    from district_codes

),

register_names as (

    select distinct
        local_authorities.gss_code,
        lower(replace(replace(trim(authority_names.authority_name), '&', 'and'), '.', '')) as name_key

    from authority_names
    inner join local_authorities
        on authority_names.register_code = local_authorities.register_code

),

matched as (

    select
        published_names.authority_name,
        coalesce(
            name_spellings.gss_code, reporting_names.gss_code, ons_names.gss_code, register_names.gss_code
        ) as gss_code,
        case
            when name_spellings.gss_code is not null then 'spellings seed'
            when reporting_names.gss_code is not null then 'ONS name, reporting vintage'
            when ons_names.gss_code is not null then 'ONS name, earlier vintage'
            when register_names.gss_code is not null then 'mySociety register'
        end as match_route

    from published_names
    left join name_spellings
        on published_names.authority_name = name_spellings.published_name
    left join reporting_names
        on published_names.name_key = reporting_names.name_key
    left join ons_names
        on published_names.name_key = ons_names.name_key
    left join register_names
        on published_names.name_key = register_names.name_key

),

codes_to_reporting_districts as (

    select distinct
        district_code as gss_code,
        district_code_2023 as district_code

    from district_codes

),

final as (

    select distinct
        matched.authority_name,
        matched.gss_code,
        matched.match_route,
        coalesce(reporting_districts.district_code, codes_to_reporting_districts.district_code) as district_code

    from matched
    left join reporting_districts
        on matched.gss_code = reporting_districts.district_code
    left join codes_to_reporting_districts
        on matched.gss_code = codes_to_reporting_districts.gss_code

)

select * from final
