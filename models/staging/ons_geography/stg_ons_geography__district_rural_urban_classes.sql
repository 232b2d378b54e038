with

source as (

    select * from {{ source('ons_geography', 'geographr__ruc21_ltla24') }}

),

renamed as (

    select
        upper(trim(ltla24_code)) as district_code,
        upper(trim(ruc21_code)) as rural_urban_code,
        trim(classification) as rural_urban_class,
        trim(ruc) as rural_urban_broad_class,
        2024 as boundary_year,
        2021 as classification_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
