{#- Both editions of the register: `current` as it stands, `future` with announced changes. -#}
{%- set registers = [
    ('current', 'la_codes__uk_local_authorities_current'),
    ('future', 'la_codes__uk_local_authorities_future'),
] -%}

with

{% for register, table in registers %}
{{ register }}_register as (

    select * from {{ source('mysociety', table) }}

),

{% endfor %}
unioned as (

    {% for register, table in registers %}
    select
        '{{ register }}' as register_edition,
        upper(trim(local_authority_code)) as register_code,
        trim(official_name) as official_name,
        trim(nice_name) as authority_name,
        nullif(upper(trim(gss_code)), '') as gss_code,
        cast(nullif(trim(start_date), '') as date) as start_date,
        cast(nullif(trim(end_date), '') as date) as end_date,
        nullif(trim(replaced_by), '') as replaced_by_register_codes,
        nullif(trim(former_gss_codes), '') as former_gss_codes,
        trim(nation) as nation,
        nullif(trim(region), '') as region_name,
        trim(local_authority_type) as authority_type_code,
        trim(local_authority_type_name) as authority_type,
        nullif(trim(county_la), '') as county_register_code,
        nullif(trim(combined_authority), '') as combined_authority_register_code,
        nullif(upper(trim(ecode)), '') as mhclg_ecode,
        lower(trim(current_authority)) = 'true' as is_current,
        cast(cast(nullif(trim(pop_2020), '') as double) as bigint) as population_2020,
        cast(nullif(trim(area), '') as double) as area_km2,
        _source_file as source_file,
        _row_number as source_row_number

    from {{ register }}_register
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unioned
