with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_lsoa11_sicbl22_icb22_ltla22') }}

),

renamed as (

    select
        upper(trim(lsoa11_code)) as lsoa_code,
        trim(lsoa11_name) as lsoa_name,
        upper(trim(sicbl22_code)) as sub_icb_location_code,
        trim(sicbl22_name) as sub_icb_location_name,
        upper(trim(icb22_code)) as icb_code,
        upper(trim(icb22_code_h)) as icb_nhs_code,
        trim(icb22_name) as icb_name,
        upper(trim(ltla22_code)) as district_code,
        trim(ltla22_name) as district_name,
        2011 as lsoa_boundary_year,
        2022 as boundary_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
