-- Each council's published payments by Total Place theme and kind of spend, in £ million, per
-- financial year; what the classification could not place is its own "unclassified" row.
-- From the payments themselves: rpt_payments_monthly withholds its cells of fewer than 10.
select
    council_name,
    financial_year,
    theme,
    kind_of_spend,
    count(*) as payments,
    round(sum(amount_gbp) / 1e6, 3) as amount_gbp_million
from marts.fct_payments
group by council_name, financial_year, theme, kind_of_spend
order by council_name asc, financial_year asc, amount_gbp_million desc
