{#-
    Census 2021 usual residents by sex and broad age band, as the file labels them. Only the
    total and "working age" (16 to 64) are sound: the file's converter counted the under-1s
    twice in "younger" and, by a stray comma, only 65 to 74 in "older", so the bands do not add
    to the total (England: younger 11.06m, older 5.56m, of 56.49m). Staged as published.
-#}
{%- set bands = [
    ('female', 'younger', 'younger_females'), ('female', 'working age', 'working_age_females'),
    ('female', 'older', 'older_females'), ('male', 'younger', 'younger_males'),
    ('male', 'working age', 'working_age_males'), ('male', 'older', 'older_males'),
] -%}

with

source as (

    select * from {{ source('ons_population', 'demographr__age_gender21_ltla21_ew') }}

),

unpivoted as (

    {% for sex, age_band, column in bands %}
    select
        2021 as census_year,
        2021 as boundary_year,
        upper(trim(ltla21_code)) as district_code,
        '{{ sex }}' as sex,
        '{{ age_band }}' as age_band,
        cast(cast({{ column }} as double) as bigint) as population,
        cast(cast(total_population as double) as bigint) as district_total_population,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unpivoted
