{#-
    The peers that count in each district's pool, year by year: its 15 nearest neighbours less
    those whose residents are not the population their spend serves (population_exceptions:
    the City of London, the Isles of Scilly) and those whose total that year is short of a
    body that sent no Revenue Outturn return; either would skew the pool. One definition for
    every comparison with peers (rpt_place_spend_comparison, rpt_place_prevention_baseline).
-#}

with

place_peers as (

    select * from {{ ref('dim_place_peers') }}

),

district_populations as (

    select * from {{ ref('dim_district_populations') }}

),

population_exceptions as (

    select * from {{ ref('population_exceptions') }}

),

missing_returns as (

    select * from {{ ref('int_revenue_outturn_missing_returns') }}

),

districts_short_of_a_return as (

    select distinct
        district_code,
        financial_year

    from missing_returns

),

final as (

    select
        place_peers.district_code,
        place_peers.peer_district_code,
        district_populations.financial_year,
        district_populations.population as peer_population

    from place_peers
    inner join district_populations
        on place_peers.peer_district_code = district_populations.district_code
    left join population_exceptions
        on place_peers.peer_district_code = population_exceptions.district_code
    left join districts_short_of_a_return
        on
            district_populations.district_code = districts_short_of_a_return.district_code
            and district_populations.financial_year = districts_short_of_a_return.financial_year
    where
        population_exceptions.district_code is null
        and districts_short_of_a_return.district_code is null

)

select * from final
