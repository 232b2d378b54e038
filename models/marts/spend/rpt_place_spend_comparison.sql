{#-
    Each district's public spend per head beside its 15 statistical neighbours' and England's,
    by theme, by kind of body and in total, for every year: the comparisons of the place
    profile, computed once here so every reader gets the same numbers. Peers' and England's
    figures are pooled (total spend over total population), not averages of per-head figures;
    which peers count in the pool each year is dim_place_peer_pools.
-#}

with

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

peer_pools as (

    select * from {{ ref('dim_place_peer_pools') }}

),

district_populations as (

    select * from {{ ref('dim_district_populations') }}

),

by_category as (

    select
        district_code,
        financial_year,
        'theme' as dimension,
        theme as category,
        sum(spend_gbp) as spend_gbp

    from place_spend
    group by 1, 2, 3, 4

    union all

    select
        district_code,
        financial_year,
        'kind of body' as dimension,
        body_kind as category,
        sum(spend_gbp) as spend_gbp

    from place_spend
    group by 1, 2, 3, 4

    union all

    select
        district_code,
        financial_year,
        'total' as dimension,
        'all public spend' as category,
        sum(spend_gbp) as spend_gbp

    from place_spend
    group by 1, 2, 3, 4

),

categories as (

    select distinct
        financial_year,
        dimension,
        category

    from by_category

),

filled as (

    -- Every district has every category of its year, with nothing spent where it has none.
    select
        district_populations.district_code,
        district_populations.financial_year,
        categories.dimension,
        categories.category,
        district_populations.population,
        coalesce(by_category.spend_gbp, 0) as spend_gbp

    from district_populations
    inner join categories
        on district_populations.financial_year = categories.financial_year
    left join by_category
        on
            district_populations.district_code = by_category.district_code
            and district_populations.financial_year = by_category.financial_year
            and categories.dimension = by_category.dimension
            and categories.category = by_category.category

),

england as (

    select
        financial_year,
        dimension,
        category,
        sum(spend_gbp) / sum(population) as england_spend_per_head_gbp

    from filled
    group by 1, 2, 3

),

peers as (

    select
        peer_pools.district_code,
        filled.financial_year,
        filled.dimension,
        filled.category,
        sum(filled.spend_gbp) / sum(filled.population) as peers_spend_per_head_gbp

    from peer_pools
    inner join filled
        on
            peer_pools.peer_district_code = filled.district_code
            and peer_pools.financial_year = filled.financial_year
    group by 1, 2, 3, 4

),

final as (

    select
        filled.district_code,
        filled.financial_year,
        filled.dimension,
        filled.category,
        cast(filled.spend_gbp as decimal(18, 2)) as spend_gbp,
        cast(filled.spend_gbp / filled.population as double) as spend_per_head_gbp,
        cast(peers.peers_spend_per_head_gbp as double) as peers_spend_per_head_gbp,
        cast(england.england_spend_per_head_gbp as double) as england_spend_per_head_gbp

    from filled
    inner join england
        on
            filled.financial_year = england.financial_year
            and filled.dimension = england.dimension
            and filled.category = england.category
    left join peers
        on
            filled.district_code = peers.district_code
            and filled.financial_year = peers.financial_year
            and filled.dimension = peers.dimension
            and filled.category = peers.category

)

select * from final
