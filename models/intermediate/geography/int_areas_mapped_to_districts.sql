{#- Any 2023 district, upper-tier authority, region or combined authority, as its 2023 districts. -#}

with

district_regions as (

    select * from {{ ref('stg_ons_geography__district_regions') }}
    where boundary_year = 2023

),

district_upper_tiers as (

    select * from {{ ref('stg_ons_geography__district_upper_tiers') }}
    where boundary_year = 2023

),

district_combined_authorities as (

    select * from {{ ref('stg_ons_geography__district_combined_authorities') }}
    where boundary_year = 2023

),

unioned as (

    select
        'district' as area_kind,
        district_code as area_code,
        district_code

    from district_regions

    union all

    select
        'upper tier' as area_kind,
        district_upper_tiers.upper_tier_code as area_code,
        district_upper_tiers.district_code

    from district_upper_tiers
    -- England only: the region lookup lists the 296 English districts.
    inner join district_regions
        on district_upper_tiers.district_code = district_regions.district_code

    union all

    select
        'region' as area_kind,
        region_code as area_code,
        district_code

    from district_regions

    union all

    select
        'combined authority' as area_kind,
        combined_authority_code as area_code,
        district_code

    from district_combined_authorities

)

select * from unioned
