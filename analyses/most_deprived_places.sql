-- The ten most deprived places (IMD 2019 average score, recomputed on 2023 boundaries),
-- with the bodies that serve them. Plain SQL against the published warehouse, so it can be
-- pasted into the DuckDB command line or a BI tool; tests/python runs it on every build.
select
    district_code,
    district_name,
    region_name,
    upper_tier_name,
    icb_name,
    population_mid_2020,
    imd_2019_average_score,
    imd_2019_rank_of_average_score
from marts.dim_place
order by imd_2019_rank_of_average_score asc
limit 10
