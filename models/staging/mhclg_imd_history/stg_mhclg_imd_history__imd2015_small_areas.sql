with

source as (

    select * from {{ source('mhclg_imd_history', 'imd_history__imd2015_file_1') }}

),

renamed as (

    select
        2015 as imd_vintage,
        upper(trim(lsoa_code_2011)) as lsoa_code,
        trim(lsoa_name_2011) as lsoa_name,
        2011 as lsoa_boundary_year,
        upper(trim(local_authority_district_code_2013)) as district_code,
        trim(local_authority_district_name_2013) as district_name,
        2013 as boundary_year,
        -- File 1 has ranks and deciles, no scores.
        cast(null as double) as imd_score,
        cast(index_of_multiple_deprivation_imd_rank_where_1_is_most_deprived as integer) as imd_rank,
        cast(index_of_multiple_deprivation_imd_decile_where_1_is_most_deprived_10_of_lsoas as integer) as imd_decile,
        true as is_decile_published,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
