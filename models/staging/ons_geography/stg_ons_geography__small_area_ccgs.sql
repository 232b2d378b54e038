with

source as (

    select * from {{ source('ons_geoportal', 'geoportal__lsoa11_to_ccg20_to_lad20') }}

),

renamed as (

    select
        2011 as lsoa_boundary_year,
        2020 as boundary_year,
        upper(trim(lsoa11cd)) as lsoa_code,
        trim(lsoa11nm) as lsoa_name,
        upper(trim(ccg20cd)) as ccg_code,
        upper(trim(ccg20cdh)) as ccg_nhs_code,
        trim(ccg20nm) as ccg_name,
        upper(trim(lad20cd)) as district_code,
        trim(lad20nm) as district_name,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
