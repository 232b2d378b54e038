with

source as (

    select * from {{ source('ons_geoportal', 'geoportal__lad19_to_phec19_phereg19') }}

),

renamed as (

    select
        2019 as boundary_year,
        upper(trim(lad19cd)) as district_code,
        trim(lad19nm) as district_name,
        upper(trim(phec19cd)) as public_health_centre_code,
        trim(phec19nm) as public_health_centre_name,
        upper(trim(phereg19cd)) as public_health_region_code,
        trim(phereg19nm) as public_health_region_name,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
