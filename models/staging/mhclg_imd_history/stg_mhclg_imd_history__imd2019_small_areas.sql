with

source as (

    select * from {{ source('mhclg_imd_history', 'imd_history__imd2019_file_1') }}

),

renamed as (

    select
        2019 as imd_vintage,
        upper(trim(lsoa_code_2011)) as lsoa_code,
        trim(lsoa_name_2011) as lsoa_name,
        2011 as lsoa_boundary_year,
        upper(trim(local_authority_district_code_2019)) as district_code,
        trim(local_authority_district_name_2019) as district_name,
        2019 as boundary_year,
        -- File 1 has ranks and deciles, no scores.
        cast(null as double) as imd_score,
        cast(index_of_multiple_deprivation_imd_rank as integer) as imd_rank,
        cast(index_of_multiple_deprivation_imd_decile as integer) as imd_decile,
        true as is_decile_published,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
