with

source as (

    select * from {{ source('ons_geoportal', 'geoportal__lsoa01_to_lsoa11_to_lad11') }}

),

renamed as (

    select
        upper(trim(lsoa01cd)) as from_lsoa_code,
        trim(lsoa01nm) as from_lsoa_name,
        2001 as from_lsoa_boundary_year,
        upper(trim(lsoa11cd)) as to_lsoa_code,
        trim(lsoa11nm) as to_lsoa_name,
        2011 as to_lsoa_boundary_year,
        upper(trim(chgind)) as change_code,
        case upper(trim(chgind))
            when 'U' then 'unchanged'
            when 'S' then 'split'
            when 'M' then 'merged'
            when 'X' then 'redrawn'
        end as change_kind,
        upper(trim(lad11cd)) as district_code,
        trim(lad11nm) as district_name,
        2011 as boundary_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
