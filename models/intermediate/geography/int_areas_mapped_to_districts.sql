{#- Any district, upper-tier authority, region or combined authority on the reporting boundary, as its districts. -#}

with

reporting_districts as (

    select * from {{ ref('int_reporting_districts') }}

),

unioned as (

    select
        'district' as area_kind,
        district_code as area_code,
        district_code

    from reporting_districts

    union all

    select
        'upper tier' as area_kind,
        upper_tier_code as area_code,
        district_code

    from reporting_districts
    where upper_tier_code is not null

    union all

    select
        'region' as area_kind,
        region_code as area_code,
        district_code

    from reporting_districts

    union all

    select
        'combined authority' as area_kind,
        combined_authority_code as area_code,
        district_code

    from reporting_districts
    where combined_authority_code is not null

)

select * from unioned
