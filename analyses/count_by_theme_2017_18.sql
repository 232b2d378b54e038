-- England's public spending in 2017-18 by Total Place theme and kind of body, in £ billion.
select
    theme,
    body_kind,
    round(sum(spend_gbp) / 1e9, 2) as spend_gbp_billion
from marts.fct_place_spend
where financial_year = '2017-18'
group by theme, body_kind
order by theme asc, spend_gbp_billion desc
