with

source as (

    select * from {{ source('ons_geoportal', 'geoportal__lsoa11_to_lad19_imd19_rank') }}

),

renamed as (

    select
        upper(trim(lsoa11cd)) as lsoa_code,
        trim(lsoa11nm) as lsoa_name,
        2011 as lsoa_boundary_year,
        upper(trim(lad19cd)) as district_code,
        trim(lad19nm) as district_name,
        2019 as boundary_year,
        cast(imd19 as integer) as imd_rank,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
