{#- ONS's own 2022 to 2023 district lookup, kept to check the code chains against. -#}
with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_ltla22_ltla23') }}

),

renamed as (

    select
        upper(trim(ltla22_code)) as district_code_2022,
        trim(ltla22_name) as district_name_2022,
        upper(trim(ltla23_code)) as district_code_2023,
        trim(ltla23_name) as district_name_2023,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
