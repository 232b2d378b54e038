-- Leeds at the outcome baseline: each indicator's value, England's, its peers' and the comparison.
select
    indicator_name,
    sex,
    period,
    round(indicator_value, 1) as leeds,
    round(england_value, 1) as england,
    round(peer_average, 1) as peers,
    comparison_with_england,
    trend,
    is_upper_tier_value
from marts.fct_outcome_baseline
where district_code = 'E08000035' and is_baseline_period
order by comparison_with_england desc, indicator_name asc
