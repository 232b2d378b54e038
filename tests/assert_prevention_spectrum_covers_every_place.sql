-- In every complete year, the prevention spectrum classifies at least 95% of every place's
-- count (districts and pilot areas). A place whose count is not measured fails too.
with

total_place_count as (

    select * from {{ ref('rpt_total_place_count') }}

)

select
    place_kind,
    place_code,
    financial_year,
    spectrum_classified_share,
    spectrum_unclassified_spend_gbp

from total_place_count
where
    is_complete_count
    and (spectrum_classified_share is null or spectrum_classified_share < 0.95)
