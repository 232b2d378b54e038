{#-
    The four mid-year estimate files share a layout: a code, a name, a total and one column per
    single year of age (0 to 89, then 90+). Unpivoted here to one row per area, year and age,
    with 90 standing for "90 and over"; the publisher's all-ages total rides along to reconcile.
-#}
{%- set estimate_files = [
    {'table': 'demographr__population19_ltla19', 'mid_year': 2019, 'area_level': 'district', 'boundary_year': 2019, 'prefix': 'ltla19'},
    {'table': 'demographr__population20_ltla21', 'mid_year': 2020, 'area_level': 'district', 'boundary_year': 2021, 'prefix': 'ltla21'},
    {'table': 'demographr__population19_utla19', 'mid_year': 2019, 'area_level': 'upper tier', 'boundary_year': 2019, 'prefix': 'utla19'},
    {'table': 'demographr__population20_utla20', 'mid_year': 2020, 'area_level': 'upper tier', 'boundary_year': 2020, 'prefix': 'utla20'},
] -%}

with

{% for estimate_file in estimate_files %}
estimates_{{ loop.index }} as (

    select * from {{ source('ons_population', estimate_file.table) }}

),

{% endfor %}
ages as (

    select generated_number - 1 as age
    from ({{ dbt.generate_series(91) }}) as series

),

unpivoted as (

    {% for estimate_file in estimate_files %}
    {%- set estimates = 'estimates_' ~ loop.index %}
    select
        {{ estimate_file.mid_year }} as mid_year,
        '{{ estimate_file.area_level }}' as area_level,
        {{ estimate_file.boundary_year }} as boundary_year,
        upper(trim({{ estimates }}.{{ estimate_file.prefix }}_code)) as area_code,
        trim({{ estimates }}.{{ estimate_file.prefix }}_name) as area_name,
        ages.age,
        cast(
            cast(
                case ages.age
                    {%- for age in range(90) %}
                    when {{ age }} then {{ estimates }}.c_{{ age }}
                    {%- endfor %}
                    when 90 then {{ estimates }}.c_90_plus
                end as double
            ) as bigint
        ) as population,
        cast(cast({{ estimates }}.total_population as double) as bigint) as area_total_population,
        {{ estimates }}._source_file as source_file,
        {{ estimates }}._row_number as source_row_number

    from {{ estimates }}
    cross join ages
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
