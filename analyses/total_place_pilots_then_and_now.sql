-- The 13 Total Place pilot areas of 2009-10 (£82bn then, by hand): today's count for each.
select
    place_name,
    financial_year,
    total_spend_gbp,
    round(spend_per_head_gbp) as spend_per_head_gbp,
    round(prevention_share, 4) as prevention_share
from marts.rpt_total_place_count
where place_kind = 'total place pilot' and financial_year = '2017-18'
order by total_spend_gbp desc
