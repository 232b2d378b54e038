{#-
    Each district's 15 nearest statistical neighbours, in the manner of CIPFA's nearest
    neighbours model but open: each variable is standardised across the 296 districts (minus
    its mean, over its standard deviation), distance is Euclidean over the standardised
    variables, equally weighted, and the 15 closest other districts are the peers (ties to the
    lower code). Variables, all public and in the data pack: population (log), share under 18,
    share 65 and over, IMD 2019 average score, rural or urban (ONS 2021 classification) and
    population density (log, people per km2, mySociety's register areas).
-#}

with

places as (

    select * from {{ ref('dim_place') }}

),

population_structure as (

    select * from {{ ref('int_population_structure_indicators') }}
    where period = '2020' and indicator_id = 'share_aged_under_18'

),

local_authorities as (

    select * from {{ ref('stg_mysociety__local_authorities') }}
    where register_edition = 'current'

),

variables as (

    select
        places.district_code,
        places.district_name,
        ln(places.population_mid_2020) as log_population,
        population_structure.population_0_17 / population_structure.population as share_under_18,
        population_structure.population_65_plus / population_structure.population as share_65_plus,
        places.imd_2019_average_score as imd_score,
        case when places.rural_urban_broad_class = 'Rural' then 1.0 else 0.0 end as is_rural,
        ln(places.population_mid_2020 / local_authorities.area_km2) as log_density

    from places
    inner join population_structure
        on places.district_code = population_structure.district_code
    inner join local_authorities
        on places.district_code = local_authorities.gss_code

),

{%- set peer_variables = ['log_population', 'share_under_18', 'share_65_plus', 'imd_score', 'is_rural', 'log_density'] %}

standardised as (

    select
        district_code,
        district_name,
        {%- for variable in peer_variables %}
        ({{ variable }} - avg({{ variable }}) over ()) / stddev_pop({{ variable }}) over () as z_{{ variable }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from variables

),

distances as (

    select
        place.district_code,
        place.district_name,
        peer.district_code as peer_district_code,
        peer.district_name as peer_district_name,
        sqrt(
            {%- for variable in peer_variables %}
            power(place.z_{{ variable }} - peer.z_{{ variable }}, 2){% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as distance

    from standardised as place
    inner join standardised as peer
        on place.district_code <> peer.district_code

),

ranked as (

    select
        *,
        row_number() over (partition by district_code order by distance asc, peer_district_code asc) as peer_rank

    from distances

),

final as (

    select
        district_code,
        district_name,
        cast(peer_rank as integer) as peer_rank,
        peer_district_code,
        peer_district_name,
        distance

    from ranked
    where peer_rank <= 15

)

select * from final
