with

source as (

    select * from {{ source('ons_population', 'demographr__households21_ltla21') }}

),

renamed as (

    select
        2021 as census_year,
        2021 as boundary_year,
        upper(trim(ltla21_code)) as district_code,
        trim(ltla21_name) as district_name,
        cast(cast(households as double) as bigint) as households,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
