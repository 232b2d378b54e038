with

source as (

    select * from {{ source('mhclg_imd2019', 'imd2019__file_10_imd') }}

),

renamed as (

    select
        upper(trim(local_authority_district_code_2019)) as district_code,
        trim(local_authority_district_name_2019) as district_name,
        2019 as boundary_year,
        cast(imd_average_score as double) as imd_average_score,
        cast(imd_rank_of_average_score as integer) as imd_rank_of_average_score,
        cast(imd_average_rank as double) as imd_average_rank,
        cast(imd_rank_of_average_rank as integer) as imd_rank_of_average_rank,
        cast(imd_proportion_of_lsoas_in_most_deprived_10_nationally as double)
            as imd_share_of_small_areas_in_most_deprived_decile,
        cast(imd_2019_extent as double) as imd_extent,
        cast(imd_2019_local_concentration as double) as imd_local_concentration,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from source

)

select * from renamed
