with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_ltla24_fra24') }}

),

renamed as (

    select
        upper(trim(ltla24_code)) as district_code,
        trim(ltla24_name) as district_name,
        upper(trim(fra24_code)) as fire_authority_code,
        trim(fra24_name) as fire_authority_name,
        2024 as boundary_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
