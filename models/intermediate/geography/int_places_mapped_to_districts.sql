{#-
    The places the marts report on, each as the districts (on the reporting boundary) it is made
    of: every district, upper-tier authority, combined authority and region, England, and the
    13 Total Place pilot areas of 2009-10. One definition, for every report by place.
-#}

with

reporting_districts as (

    select * from {{ ref('int_reporting_districts') }}

),

areas_mapped_to_districts as (

    select * from {{ ref('int_areas_mapped_to_districts') }}

),

total_place_pilots as (

    select * from {{ ref('total_place_pilots') }}

),

area_names as (

    select distinct
        'district' as area_kind,
        district_code as area_code,
        district_name as area_name
    from reporting_districts

    union all

    select distinct
        'upper tier' as area_kind,
        upper_tier_code as area_code,
        upper_tier_name as area_name
    from reporting_districts

    union all

    select distinct
        'region' as area_kind,
        region_code as area_code,
        region_name as area_name
    from reporting_districts

    union all

    select distinct
        'combined authority' as area_kind,
        combined_authority_code as area_code,
        combined_authority_name as area_name
    from reporting_districts
    where combined_authority_code is not null

),

place_members as (

    select
        areas_mapped_to_districts.area_kind as place_kind,
        areas_mapped_to_districts.area_code as place_code,
        area_names.area_name as place_name,
        areas_mapped_to_districts.district_code

    from areas_mapped_to_districts
    inner join area_names
        on
            areas_mapped_to_districts.area_kind = area_names.area_kind
            and areas_mapped_to_districts.area_code = area_names.area_code

    union all

    select
        'country' as place_kind,
        '{{ var("england_code") }}' as place_code,
        'England' as place_name,
        district_code

    from reporting_districts

    union all

    select distinct
        'total place pilot' as place_kind,
        total_place_pilots.pilot_name as place_code,
        total_place_pilots.pilot_name as place_name,
        areas_mapped_to_districts.district_code

    from total_place_pilots
    inner join areas_mapped_to_districts
        on
            total_place_pilots.area_kind = areas_mapped_to_districts.area_kind
            and total_place_pilots.area_code = areas_mapped_to_districts.area_code

),

final as (

    select * from place_members

)

select * from final
