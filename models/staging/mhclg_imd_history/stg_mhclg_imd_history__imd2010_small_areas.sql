with

source as (

    select * from {{ source('mhclg_imd_history', 'imd_history__imd2010_small_areas') }}

),

renamed as (

    select
        2010 as imd_vintage,
        upper(trim(lsoa01_code)) as lsoa_code,
        cast(null as {{ dbt.type_string() }}) as lsoa_name,
        2001 as lsoa_boundary_year,
        -- Old ONS district codes (00AA), not GSS codes.
        upper(trim(lad09_code)) as district_code,
        trim(lad09_name) as district_name,
        2009 as boundary_year,
        cast(imd_score as double) as imd_score,
        cast(imd_rank as integer) as imd_rank,
        cast(imd_decile as integer) as imd_decile,
        -- DCLG published no deciles for 2010: humaniverse cut the ranks into ten groups.
        false as is_decile_published,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
