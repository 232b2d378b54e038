{#- The publisher's own all-ages totals, kept to reconcile the single years of age against. -#}
{%- set estimate_files = var('mid_year_estimate_files') -%}

with

{% for estimate_file in estimate_files %}
estimates_{{ loop.index }} as (

    select * from {{ source('ons_population', estimate_file.table) }}

),

{% endfor %}
renamed as (

    {% for estimate_file in estimate_files %}
    select
        {{ estimate_file.mid_year }} as mid_year,
        '{{ estimate_file.area_level }}' as area_level,
        {{ estimate_file.boundary_year }} as boundary_year,
        upper(trim({{ estimate_file.prefix }}_code)) as area_code,
        trim({{ estimate_file.prefix }}_name) as area_name,
        cast(cast(total_population as double) as bigint) as population,
        _source_file as source_file,
        _row_number as source_row_number

    from estimates_{{ loop.index }}
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from renamed
