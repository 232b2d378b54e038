{#-
    Both district mid-year estimate files have the same layout: a code, a name, a total and one
    column per single year of age (0 to 89, then 90+). Unpivoted here to one row per district,
    year and age, with 90 standing for "90 and over".
-#}
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
ages as (

    select generated_number - 1 as age
    from ({{ dbt.generate_series(91) }}) as series

),

unpivoted as (

    {% for estimate_file in estimate_files %}
    select
        {{ estimate_file.mid_year }} as mid_year,
        {{ estimate_file.boundary_year }} as boundary_year,
        upper(trim(mid_{{ estimate_file.mid_year }}.{{ estimate_file.prefix }}_code)) as district_code,
        trim(mid_{{ estimate_file.mid_year }}.{{ estimate_file.prefix }}_name) as district_name,
        ages.age,
        cast(
            cast(
                case ages.age
                    {%- for age in range(90) %}
                    when {{ age }} then mid_{{ estimate_file.mid_year }}.c_{{ age }}
                    {%- endfor %}
                    when 90 then mid_{{ estimate_file.mid_year }}.c_90_plus
                end as double
            ) as bigint
        ) as population,
        mid_{{ estimate_file.mid_year }}._source_file as source_file,
        mid_{{ estimate_file.mid_year }}._row_number as source_row_number

    from mid_{{ estimate_file.mid_year }}
    cross join ages
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
