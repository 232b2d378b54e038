{%- set boundary_years = range(16, 25) -%}

with

source as (

    select * from {{ source('ons_geography', 'geographr__lookup_ltla_ltla') }}

),

renamed as (

    select
        {%- for year in boundary_years %}
        upper(trim(ltla{{ year }}_code)) as district_code_20{{ year }},
        trim(ltla{{ year }}_name) as district_name_20{{ year }},
        {%- endfor %}
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
