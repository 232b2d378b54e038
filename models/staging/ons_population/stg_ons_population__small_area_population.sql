with

source as (

    select * from {{ source('ons_lsoa_population', 'lsoa__2019_population') }}

),

renamed as (

    select
        upper(trim(lsoa)) as small_area_code,
        -- Published with thousands separators ("1,954").
        cast({{ dbt.replace('trim(pop)', "','", "''") }} as bigint) as population,
        2019 as mid_year,
        2011 as boundary_year,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
