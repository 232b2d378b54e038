with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_ltla23_utla23') }}

),

renamed as (

    select
        upper(trim(ltla23_code)) as district_code,
        trim(ltla23_name) as district_name,
        upper(trim(utla23_code)) as upper_tier_code,
        trim(utla23_name) as upper_tier_name,
        2023 as boundary_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
