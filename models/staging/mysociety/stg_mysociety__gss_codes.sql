with

source as (

    select * from {{ source('mysociety', 'la_codes__lookup_gss_to_registry') }}

),

renamed as (

    select
        upper(trim(gss_code)) as gss_code,
        upper(trim(local_authority_code)) as register_code,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
