{#-
    The population each district's spend per head is divided by, every financial year of the
    count, as fct_place_spend gives it: one definition for every per-head figure built on the
    count (dim_place_peer_pools, rpt_place_spend_comparison, rpt_place_prevention_baseline).
-#}

with

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

final as (

    -- A district-year has one population on all its rows (fct_place_spend joins it by both):
    -- distinct keeps one row, and the primary-key test fails should that ever change.
    select distinct
        district_code,
        financial_year,
        population,
        population_year,
        is_population_year_substituted

    from place_spend

)

select * from final
