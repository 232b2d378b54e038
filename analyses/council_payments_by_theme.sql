-- Each council's published payments by Total Place theme and kind of spend, in £ million, per
-- financial year; what the classification could not place is its own "unclassified" row.
-- Cells of fewer than 10 payments are published without figures (is_suppressed) and add nothing.
select
    council_name,
    financial_year,
    theme,
    kind_of_spend,
    sum(payments) as payments,
    round(sum(amount_gbp) / 1e6, 3) as amount_gbp_million
from marts.rpt_payments_monthly
group by council_name, financial_year, theme, kind_of_spend
order by council_name asc, financial_year asc, amount_gbp_million desc
