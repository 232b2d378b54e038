{#-
    How much of each place's public money goes to prevention, and through whom: per place
    (district, upper tier, combined authority, region, England and the 13 Total Place pilot
    areas, each as its districts on the reporting boundary), financial year, kind of body and
    theme (and every kind of body and every theme together), the spend at each stage of the
    prevention spectrum (int_spend_prevention_stages), per head, as a share of the kind of
    body and theme's spend, against England and the district's 15 statistical neighbours
    (pooled, less peers whose residents are not the population their spend serves or whose
    total is short of a return), and its change since the place's first complete year.
-#}
-- Grouping sets name their columns; every other group by here is by position.
-- sqlfluff:rules:ambiguous.column_references:group_by_and_order_by_style:implicit

with

spend_prevention_stages as (

    select * from {{ ref('int_spend_prevention_stages') }}

),

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

total_place_count as (

    select * from {{ ref('rpt_total_place_count') }}

),

peer_pools as (

    select * from {{ ref('dim_place_peer_pools') }}

),

district_populations as (

    select * from {{ ref('dim_district_populations') }}

),

year_scopes as (

    select distinct
        financial_year,
        is_complete_count

    from total_place_count

),

staged_spend as (

    -- The theme is the count's (fct_place_spend), joined on the placed amount's key.
    select
        spend_prevention_stages.district_code,
        spend_prevention_stages.financial_year,
        spend_prevention_stages.body_kind,
        place_spend.theme,
        coalesce(spend_prevention_stages.stage, 'unclassified') as stage,
        spend_prevention_stages.stage_order,
        spend_prevention_stages.is_prevention,
        spend_prevention_stages.stage_pennies

    from spend_prevention_stages
    inner join place_spend
        on
            spend_prevention_stages.district_code = place_spend.district_code
            and spend_prevention_stages.financial_year = place_spend.financial_year
            and spend_prevention_stages.source = place_spend.source
            and spend_prevention_stages.spending_body_code = place_spend.spending_body_code
            and spend_prevention_stages.service_line_code = place_spend.service_line_code
            and spend_prevention_stages.capital_or_current = place_spend.capital_or_current
            and spend_prevention_stages.original_district_code = place_spend.original_district_code

),

district_cells as (

    -- Each kind of body and theme, and every kind of body or every theme together.
    select
        district_code,
        financial_year,
        case when grouping(body_kind) = 1 then 'all kinds of body' else body_kind end as body_kind,
        case when grouping(theme) = 1 then 'all themes' else theme end as theme,
        stage,
        stage_order,
        is_prevention,
        sum(stage_pennies) as stage_pennies

    from staged_spend
    group by grouping sets (
        (district_code, financial_year, body_kind, theme, stage, stage_order, is_prevention),  -- noqa: AM06
        (district_code, financial_year, body_kind, stage, stage_order, is_prevention),
        (district_code, financial_year, theme, stage, stage_order, is_prevention),
        (district_code, financial_year, stage, stage_order, is_prevention)
    )

),

place_members as (

    select * from {{ ref('int_places_mapped_to_districts') }}

),

place_populations as (

    select
        place_members.place_kind,
        place_members.place_code,
        district_populations.financial_year,
        sum(district_populations.population) as population

    from place_members
    inner join district_populations
        on place_members.district_code = district_populations.district_code
    group by 1, 2, 3

),

place_cells as (

    select
        place_members.place_kind,
        place_members.place_code,
        place_members.place_name,
        district_cells.financial_year,
        district_cells.body_kind,
        district_cells.theme,
        district_cells.stage,
        district_cells.stage_order,
        district_cells.is_prevention,
        sum(district_cells.stage_pennies) as stage_pennies

    from place_members
    inner join district_cells
        on place_members.district_code = district_cells.district_code
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9

),

place_cell_shares as (

    select
        place_cells.*,
        sum(place_cells.stage_pennies) over (
            partition by
                place_cells.place_kind,
                place_cells.place_code,
                place_cells.financial_year,
                place_cells.body_kind,
                place_cells.theme
        ) as cell_pennies,
        sum(case when place_cells.body_kind = 'all kinds of body' and place_cells.theme = 'all themes'
                then place_cells.stage_pennies
        end) over (
            partition by place_cells.place_kind, place_cells.place_code, place_cells.financial_year
        ) as place_pennies,
        -- Only a district has statistical neighbours.
        case when place_cells.place_kind = 'district' then place_cells.place_code end as peer_pool_district_code

    from place_cells

),

england as (

    select
        place_cell_shares.financial_year,
        place_cell_shares.body_kind,
        place_cell_shares.theme,
        place_cell_shares.stage,
        place_cell_shares.stage_pennies / nullif(place_cell_shares.cell_pennies, 0) as england_share_of_cell,
        place_cell_shares.stage_pennies / 100.0 / place_populations.population as england_spend_per_head_gbp

    from place_cell_shares
    inner join place_populations
        on
            place_cell_shares.place_kind = place_populations.place_kind
            and place_cell_shares.place_code = place_populations.place_code
            and place_cell_shares.financial_year = place_populations.financial_year
    where place_cell_shares.place_kind = 'country'

),

pooled_peers as (

    select
        district_code,
        peer_district_code,
        financial_year,
        peer_population as population

    from peer_pools

),

peer_populations as (

    select
        district_code,
        financial_year,
        sum(population) as population

    from pooled_peers
    group by 1, 2

),

peer_stage_spend as (

    select
        pooled_peers.district_code,
        district_cells.financial_year,
        district_cells.body_kind,
        district_cells.theme,
        district_cells.stage,
        sum(district_cells.stage_pennies) as stage_pennies

    from pooled_peers
    inner join district_cells
        on
            pooled_peers.peer_district_code = district_cells.district_code
            and pooled_peers.financial_year = district_cells.financial_year
    group by 1, 2, 3, 4, 5

),

peers as (

    select
        peer_stage_spend.district_code,
        peer_stage_spend.financial_year,
        peer_stage_spend.body_kind,
        peer_stage_spend.theme,
        peer_stage_spend.stage,
        peer_stage_spend.stage_pennies / nullif(sum(peer_stage_spend.stage_pennies) over (
            partition by
                peer_stage_spend.district_code, peer_stage_spend.financial_year,
                peer_stage_spend.body_kind, peer_stage_spend.theme
        ), 0) as peers_share_of_cell,
        peer_stage_spend.stage_pennies / 100.0 / peer_populations.population as peers_spend_per_head_gbp

    from peer_stage_spend
    inner join peer_populations
        on
            peer_stage_spend.district_code = peer_populations.district_code
            and peer_stage_spend.financial_year = peer_populations.financial_year

),

compared as (

    select
        place_cell_shares.place_kind,
        place_cell_shares.place_code,
        place_cell_shares.place_name,
        place_cell_shares.financial_year,
        year_scopes.is_complete_count,
        place_cell_shares.body_kind,
        place_cell_shares.theme,
        place_cell_shares.stage,
        place_cell_shares.stage_order,
        place_cell_shares.is_prevention,
        place_populations.population,
        place_cell_shares.stage_pennies,
        place_cell_shares.cell_pennies,
        place_cell_shares.stage_pennies / nullif(place_cell_shares.cell_pennies, 0) as share_of_cell,
        place_cell_shares.stage_pennies / nullif(place_cell_shares.place_pennies, 0) as share_of_place_spend,
        england.england_share_of_cell,
        england.england_spend_per_head_gbp,
        peers.peers_share_of_cell,
        peers.peers_spend_per_head_gbp

    from place_cell_shares
    inner join place_populations
        on
            place_cell_shares.place_kind = place_populations.place_kind
            and place_cell_shares.place_code = place_populations.place_code
            and place_cell_shares.financial_year = place_populations.financial_year
    inner join year_scopes
        on place_cell_shares.financial_year = year_scopes.financial_year
    left join england
        on
            place_cell_shares.financial_year = england.financial_year
            and place_cell_shares.body_kind = england.body_kind
            and place_cell_shares.theme = england.theme
            and place_cell_shares.stage = england.stage
    left join peers
        on
            place_cell_shares.peer_pool_district_code = peers.district_code
            and place_cell_shares.financial_year = peers.financial_year
            and place_cell_shares.body_kind = peers.body_kind
            and place_cell_shares.theme = peers.theme
            and place_cell_shares.stage = peers.stage

),

first_complete_years as (

    select
        place_kind,
        place_code,
        min(financial_year) as first_complete_year

    from compared
    where is_complete_count
    group by 1, 2

),

with_trend as (

    select
        compared.*,
        first_complete_years.first_complete_year,
        first_year.share_of_cell as share_of_cell_in_first_complete_year

    from compared
    left join first_complete_years
        on
            compared.place_kind = first_complete_years.place_kind
            and compared.place_code = first_complete_years.place_code
    left join compared as first_year
        on
            compared.place_kind = first_year.place_kind
            and compared.place_code = first_year.place_code
            and first_complete_years.first_complete_year = first_year.financial_year
            and compared.body_kind = first_year.body_kind
            and compared.theme = first_year.theme
            and compared.stage = first_year.stage

),

final as (

    select
        place_kind,
        place_code,
        place_name,
        financial_year,
        is_complete_count,
        body_kind,
        theme,
        stage,
        cast(stage_order as integer) as stage_order,
        is_prevention,
        cast(round(population) as bigint) as population,
        cast(stage_pennies / 100.0 as decimal(18, 2)) as spend_gbp,
        cast(stage_pennies / 100.0 / population as double) as spend_per_head_gbp,
        cast(cell_pennies / 100.0 as decimal(18, 2)) as cell_spend_gbp,
        cast(share_of_cell as double) as share_of_cell,
        cast(share_of_place_spend as double) as share_of_place_spend,
        cast(england_share_of_cell as double) as england_share_of_cell,
        cast(england_spend_per_head_gbp as double) as england_spend_per_head_gbp,
        cast(share_of_cell - england_share_of_cell as double) as share_gap_to_england,
        cast(peers_share_of_cell as double) as peers_share_of_cell,
        cast(peers_spend_per_head_gbp as double) as peers_spend_per_head_gbp,
        cast(share_of_cell - peers_share_of_cell as double) as share_gap_to_peers,
        first_complete_year,
        cast(share_of_cell_in_first_complete_year as double) as share_of_cell_in_first_complete_year,
        cast(
            case when is_complete_count then share_of_cell - share_of_cell_in_first_complete_year end as double
        ) as share_change_since_first_complete_year

    from with_trend

)

select * from final
