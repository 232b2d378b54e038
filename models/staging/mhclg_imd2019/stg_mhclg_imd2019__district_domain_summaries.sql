{#- Every sheet of File 10 (the IMD and its domains and supplementary indices), one row per district and domain. -#}
{%- set domains = [
    {'table': 'imd2019__file_10_imd', 'domain': 'Index of Multiple Deprivation', 'prefix': 'imd', 'scale': none},
    {'table': 'imd2019__file_10_income', 'domain': 'Income', 'prefix': 'income', 'scale': 'income'},
    {'table': 'imd2019__file_10_employment', 'domain': 'Employment', 'prefix': 'employment', 'scale': 'employment'},
    {'table': 'imd2019__file_10_education', 'domain': 'Education, Skills and Training', 'prefix': 'education_skills_and_training', 'scale': none},
    {'table': 'imd2019__file_10_health', 'domain': 'Health Deprivation and Disability', 'prefix': 'health_deprivation_and_disability', 'scale': none},
    {'table': 'imd2019__file_10_crime', 'domain': 'Crime', 'prefix': 'crime', 'scale': none},
    {'table': 'imd2019__file_10_barriers', 'domain': 'Barriers to Housing and Services', 'prefix': 'barriers_to_housing_and_services', 'scale': none},
    {'table': 'imd2019__file_10_living', 'domain': 'Living Environment', 'prefix': 'living_environment', 'scale': none},
    {'table': 'imd2019__file_10_idaci', 'domain': 'Income Deprivation Affecting Children Index', 'prefix': 'idaci', 'scale': none},
    {'table': 'imd2019__file_10_idaopi', 'domain': 'Income Deprivation Affecting Older People Index', 'prefix': 'idaopi', 'scale': none},
] -%}

with

{% for domain in domains %}
{{ domain.prefix }}_sheet as (

    select * from {{ source('mhclg_imd2019', domain.table) }}

),

{% endfor %}
unioned as (

    {% for domain in domains %}
    select
        upper(trim(local_authority_district_code_2019)) as district_code,
        trim(local_authority_district_name_2019) as district_name,
        2019 as boundary_year,
        '{{ domain.domain }}' as deprivation_domain,
        cast({{ domain.prefix }}_average_score as double) as average_score,
        cast({{ domain.prefix }}_rank_of_average_score as integer) as rank_of_average_score,
        cast({{ domain.prefix }}_average_rank as double) as average_rank,
        cast({{ domain.prefix }}_rank_of_average_rank as integer) as rank_of_average_rank,
        cast({{ domain.prefix }}_proportion_of_lsoas_in_most_deprived_10_nationally as double)
            as share_of_small_areas_in_most_deprived_decile,
        {% if domain.scale -%}
        cast({{ domain.scale }}_scale as double) as deprived_people,
        cast(rank_of_{{ domain.scale }}_scale as integer) as rank_of_deprived_people,
        {%- else -%}
        cast(null as double) as deprived_people,
        cast(null as integer) as rank_of_deprived_people,
        {%- endif %}
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from {{ domain.prefix }}_sheet
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unioned
