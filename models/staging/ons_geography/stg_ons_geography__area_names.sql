{#- ONS names and codes files of several area types and vintages, as one list of areas. -#}
{%- set name_files = [
    {'table': 'geoportal__cty20_names_codes', 'area_type': 'county', 'year': 2020, 'prefix': 'cty20', 'welsh': false},
    {'table': 'geoportal__pfa19_names_codes', 'area_type': 'police force area', 'year': 2019, 'prefix': 'pfa19', 'welsh': false},
    {'table': 'geoportal__ccg20_names_codes', 'area_type': 'clinical commissioning group', 'year': 2020, 'prefix': 'ccg20', 'welsh': false},
    {'table': 'geoportal__rgn19_names_codes', 'area_type': 'region', 'year': 2019, 'prefix': 'rgn19', 'welsh': true},
    {'table': 'geoportal__fra19_names_codes', 'area_type': 'fire and rescue authority', 'year': 2019, 'prefix': 'fra19', 'welsh': false},
    {'table': 'geoportal__lad20_names_codes_uk', 'area_type': 'local authority district', 'year': 2020, 'prefix': 'lad20', 'welsh': true},
    {'table': 'geoportal__lad19_names_codes_uk', 'area_type': 'local authority district', 'year': 2019, 'prefix': 'lad19', 'welsh': true},
] -%}

with

{% for name_file in name_files %}
names_{{ loop.index }} as (

    select
        '{{ name_file.area_type }}' as area_type,
        {{ name_file.year }} as boundary_year,
        upper(trim({{ name_file.prefix }}cd)) as area_code,
        trim({{ name_file.prefix }}nm) as area_name,
        {% if name_file.welsh %}nullif(trim({{ name_file.prefix }}nmw), ''){% else %}cast(null as varchar){% endif %}
            as area_name_welsh,
        _source_file as source_file,
        _row_number as source_row_number

    from {{ source('ons_geoportal', name_file.table) }}

),

{% endfor %}
unioned as (

    {% for name_file in name_files %}
    select * from names_{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
