{#-
    The spine of the warehouse: one row per English district on the reporting boundary
    (`var('reporting_boundary_year')`, April 2023), with the areas it belongs to. The districts
    are those of the region lookup of that year, which is England only (Wales shares the
    other lookups). Each other area comes from its lookup of the nearest vintage that lists
    the district, the later on a tie: police and fire lookups exist for 2019 and 2024, and a
    2024 lookup carries the 2023 codes. Every model that needs "the places" reads this, never
    a literal year and never the dim_place mart.
-#}

with

district_regions as (

    select * from {{ ref('stg_ons_geography__district_regions') }}

),

district_upper_tiers as (

    select * from {{ ref('stg_ons_geography__district_upper_tiers') }}

),

district_combined_authorities as (

    select * from {{ ref('stg_ons_geography__district_combined_authorities') }}

),

district_police_force_areas as (

    select * from {{ ref('stg_ons_geography__district_police_force_areas') }}

),

district_fire_authorities as (

    select * from {{ ref('stg_ons_geography__district_fire_authorities') }}

),

reporting_districts as (

    select
        district_code,
        district_name,
        boundary_year,
        region_code,
        region_name

    from district_regions
    where boundary_year = {{ var('reporting_boundary_year') }}

),

{%- set area_lookups = [
    ('upper_tiers', 'district_upper_tiers', ['upper_tier_code', 'upper_tier_name']),
    ('combined_authorities', 'district_combined_authorities', ['combined_authority_code', 'combined_authority_name']),
    ('police_force_areas', 'district_police_force_areas', ['police_force_area_code', 'police_force_area_name']),
    ('fire_authorities', 'district_fire_authorities', ['fire_authority_code', 'fire_authority_name']),
] %}
{% for name, relation, columns in area_lookups %}

nearest_{{ name }} as (

    select
        {{ relation }}.district_code,
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        row_number() over (
            partition by {{ relation }}.district_code
            order by
                abs({{ relation }}.boundary_year - {{ var('reporting_boundary_year') }}),
                {{ relation }}.boundary_year desc
        ) as vintage_rank

    from {{ relation }}
    inner join reporting_districts
        on {{ relation }}.district_code = reporting_districts.district_code

),
{% endfor %}

final as (

    select
        reporting_districts.district_code,
        reporting_districts.district_name,
        reporting_districts.boundary_year,
        reporting_districts.region_code,
        reporting_districts.region_name,
        nearest_upper_tiers.upper_tier_code,
        nearest_upper_tiers.upper_tier_name,
        nearest_combined_authorities.combined_authority_code,
        nearest_combined_authorities.combined_authority_name,
        nearest_police_force_areas.police_force_area_code,
        nearest_police_force_areas.police_force_area_name,
        nearest_fire_authorities.fire_authority_code,
        nearest_fire_authorities.fire_authority_name

    from reporting_districts
    left join nearest_upper_tiers
        on
            reporting_districts.district_code = nearest_upper_tiers.district_code
            and nearest_upper_tiers.vintage_rank = 1
    left join nearest_combined_authorities
        on
            reporting_districts.district_code = nearest_combined_authorities.district_code
            and nearest_combined_authorities.vintage_rank = 1
    left join nearest_police_force_areas
        on
            reporting_districts.district_code = nearest_police_force_areas.district_code
            and nearest_police_force_areas.vintage_rank = 1
    left join nearest_fire_authorities
        on
            reporting_districts.district_code = nearest_fire_authorities.district_code
            and nearest_fire_authorities.vintage_rank = 1

)

select * from final
