with

source as (

    select * from {{ source('ons_geoportal', 'geoportal__ccg18_to_nhser18') }}

),

renamed as (

    select
        2018 as boundary_year,
        upper(trim(ccg18cd)) as ccg_code,
        upper(trim(ccg18cdh)) as ccg_nhs_code,
        trim(ccg18nm) as ccg_name,
        upper(trim(nhsrlo18cd)) as nhs_local_office_code,
        upper(trim(nhsrlo18cdh)) as nhs_local_office_nhs_code,
        trim(nhsrlo18nm) as nhs_local_office_name,
        upper(trim(nhser18cd)) as nhs_region_code,
        upper(trim(nhser18cdh)) as nhs_region_nhs_code,
        trim(nhser18nm) as nhs_region_name,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
