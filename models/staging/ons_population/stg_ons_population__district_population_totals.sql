{#- The publisher's own district totals, kept to reconcile against the sum over single years of age. -#}
{%- set estimate_files = [
    {'table': 'demographr__population19_ltla19', 'mid_year': 2019, 'boundary_year': 2019, 'prefix': 'ltla19'},
    {'table': 'demographr__population20_ltla21', 'mid_year': 2020, 'boundary_year': 2021, 'prefix': 'ltla21'},
] -%}

with

{% for estimate_file in estimate_files %}
mid_{{ estimate_file.mid_year }} as (

    select * from {{ source('ons_population', estimate_file.table) }}

),

{% endfor %}
renamed as (

    {% for estimate_file in estimate_files %}
    select
        {{ estimate_file.mid_year }} as mid_year,
        {{ estimate_file.boundary_year }} as boundary_year,
        upper(trim({{ estimate_file.prefix }}_code)) as district_code,
        trim({{ estimate_file.prefix }}_name) as district_name,
        cast(cast(total_population as double) as bigint) as population,
        _source_file as source_file,
        _row_number as source_row_number

    from mid_{{ estimate_file.mid_year }}
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from renamed
