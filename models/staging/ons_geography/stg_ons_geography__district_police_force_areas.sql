with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_ltla24_csp24_pfa24') }}

),

renamed as (

    select
        upper(trim(ltla24_code)) as district_code,
        trim(ltla24_name) as district_name,
        upper(trim(pfa24_code)) as police_force_area_code,
        trim(pfa24_name) as police_force_area_name,
        2024 as boundary_year,
        -- The file has a row per community safety partnership; several share a district.
        min(_source_file) as source_file,
        min(_row_number) as source_row_number

    from source
    group by 1, 2, 3, 4, 5

)

select * from renamed
