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

standardised as (

    select
        district_code,
        district_name,
        (log_population - avg(log_population) over ()) / stddev_pop(log_population) over () as z_log_population,
        (share_under_18 - avg(share_under_18) over ()) / stddev_pop(share_under_18) over () as z_share_under_18,
        (share_65_plus - avg(share_65_plus) over ()) / stddev_pop(share_65_plus) over () as z_share_65_plus,
        (imd_score - avg(imd_score) over ()) / stddev_pop(imd_score) over () as z_imd_score,
        (is_rural - avg(is_rural) over ()) / stddev_pop(is_rural) over () as z_is_rural,
        (log_density - avg(log_density) over ()) / stddev_pop(log_density) over () as z_log_density

    from variables

),

distances as (

    select
        place.district_code,
        place.district_name,
        peer.district_code as peer_district_code,
        peer.district_name as peer_district_name,
        sqrt(
            power(place.z_log_population - peer.z_log_population, 2)
            + power(place.z_share_under_18 - peer.z_share_under_18, 2)
            + power(place.z_share_65_plus - peer.z_share_65_plus, 2)
            + power(place.z_imd_score - peer.z_imd_score, 2)
            + power(place.z_is_rural - peer.z_is_rural, 2)
            + power(place.z_log_density - peer.z_log_density, 2)
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
