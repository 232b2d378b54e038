{#- The IMD and its seven domains in IoD2019 (File 2), one row per 2011 small area and domain. -#}
{%- set domains = [
    ('index_of_multiple_deprivation_imd', 'Index of Multiple Deprivation'),
    ('income', 'Income'),
    ('employment', 'Employment'),
    ('education_skills_and_training', 'Education, Skills and Training'),
    ('health_deprivation_and_disability', 'Health Deprivation and Disability'),
    ('crime', 'Crime'),
    ('barriers_to_housing_and_services', 'Barriers to Housing and Services'),
    ('living_environment', 'Living Environment'),
] -%}

with

source as (

    select * from {{ source('mhclg_imd_history', 'imd_history__imd2019_domains') }}

),

unpivoted as (

    {% for prefix, domain in domains %}
    select
        2019 as imd_vintage,
        upper(trim(lsoa_code_2011)) as lsoa_code,
        2011 as lsoa_boundary_year,
        '{{ domain }}' as deprivation_domain,
        cast({{ prefix }}_rank_where_1_is_most_deprived as integer) as domain_rank,
        cast({{ prefix }}_decile_where_1_is_most_deprived_10_of_lsoas as integer) as domain_decile,
        true as is_decile_published,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
