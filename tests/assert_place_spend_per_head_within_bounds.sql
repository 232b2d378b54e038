{#-
    Plausible bounds for total public spend per head of a district (mid-2019 population):
    - years with both layers (2014-15, 2017-18): £5,000 to £30,000. The top is the City of
      London (about £26,500 in 2017-18): 9,700 residents, but the Square Mile's police and
      services serve a working population of half a million.
    - years with the central government layer only: £3,000 to £10,000.
    Every district must appear in every year any source covers.
-#}

with

total_place_count as (

    select * from {{ ref('rpt_total_place_count') }}
    where place_kind = 'district'

),

years as (

    select
        financial_year,
        count(*) as districts

    from total_place_count
    group by 1

),

out_of_bounds as (

    select
        place_code,
        financial_year,
        spend_per_head_gbp

    from total_place_count
    where
        spend_per_head_gbp is null
        or (is_complete_count and (spend_per_head_gbp < 5000 or spend_per_head_gbp > 30000))
        or (not is_complete_count and (spend_per_head_gbp < 3000 or spend_per_head_gbp > 10000))

),

missing_districts as (

    select
        'districts: ' || cast(districts as varchar) as place_code,
        financial_year,
        null as spend_per_head_gbp

    from years
    where districts <> 296

)

select * from out_of_bounds
union all
select * from missing_districts
