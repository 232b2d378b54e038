{#-
    Small areas to sub-ICB locations and integrated care boards, in two vintages: 2011 small
    areas on 2022 health geography (with their 2022 district) and 2021 small areas on 2024
    health geography (no district in that file).
-#}
with

lsoa11_icb22 as (

    select * from {{ source('ons_geography', 'geographr__lookup_lsoa11_sicbl22_icb22_ltla22') }}

),

lsoa21_icb24 as (

    select * from {{ source('ons_geography', 'geographr__lookup_lsoa21_icb24') }}

),

unioned as (

    select
        2011 as lsoa_boundary_year,
        2022 as boundary_year,
        upper(trim(lsoa11_code)) as lsoa_code,
        trim(lsoa11_name) as lsoa_name,
        upper(trim(sicbl22_code)) as sub_icb_location_code,
        trim(sicbl22_name) as sub_icb_location_name,
        upper(trim(icb22_code)) as icb_code,
        upper(trim(icb22_code_h)) as icb_nhs_code,
        trim(icb22_name) as icb_name,
        upper(trim(ltla22_code)) as district_code,
        trim(ltla22_name) as district_name,
        _source_file as source_file,
        _row_number as source_row_number

    from lsoa11_icb22

    union all

    select
        2021 as lsoa_boundary_year,
        2024 as boundary_year,
        upper(trim(lsoa21_code)) as lsoa_code,
        trim(lsoa21_name) as lsoa_name,
        upper(trim(sicbl24_code)) as sub_icb_location_code,
        trim(sicbl24_name) as sub_icb_location_name,
        upper(trim(icb24_code)) as icb_code,
        upper(trim(icb24_code_nhs)) as icb_nhs_code,
        trim(icb24_name) as icb_name,
        cast(null as varchar) as district_code,
        cast(null as varchar) as district_name,
        _source_file as source_file,
        _row_number as source_row_number

    from lsoa21_icb24

)

select * from unioned
