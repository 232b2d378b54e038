with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_ltla23_cauth23') }}

),

renamed as (

    select
        upper(trim(ltla23_code)) as district_code,
        trim(ltla23_name) as district_name,
        upper(trim(cauth23_code)) as combined_authority_code,
        trim(cauth23_name) as combined_authority_name,
        2023 as boundary_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
