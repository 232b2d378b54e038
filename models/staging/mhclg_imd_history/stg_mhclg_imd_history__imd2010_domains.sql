{#- The IMD and its seven domains, one row per 2001 small area and domain; names as in the 2019 summaries. -#}
{%- set domains = [
    ('imd', 'Index of Multiple Deprivation'),
    ('income', 'Income'),
    ('employment', 'Employment'),
    ('education', 'Education, Skills and Training'),
    ('health', 'Health Deprivation and Disability'),
    ('crime', 'Crime'),
    ('housing_and_access', 'Barriers to Housing and Services'),
    ('environment', 'Living Environment'),
] -%}

with

source as (

    select * from {{ source('mhclg_imd_history', 'imd_history__imd2010_domains') }}

),

unpivoted as (

    {% for prefix, domain in domains %}
    select
        2010 as imd_vintage,
        upper(trim(lsoa01_code)) as lsoa_code,
        2001 as lsoa_boundary_year,
        '{{ domain }}' as deprivation_domain,
        cast({{ prefix }}_rank as integer) as domain_rank,
        -- Computed by humaniverse from the published ranks (ten equal groups, 1 = most deprived).
        cast({{ prefix }}_decile as integer) as domain_decile,
        false as is_decile_published,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
