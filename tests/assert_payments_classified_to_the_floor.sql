{#-
    Every council-year's payments reach a theme and a kind of spend for at least the floor's
    share of their value (var payments_classified_share_floor), unless
    payment_classification_exceptions says why that year cannot. The rows returned fail it.
-#}

select
    publisher_code,
    financial_year,
    theme_classified_share,
    kind_of_spend_classified_share

from {{ ref('rpt_payments_classification_coverage') }}
where
    (theme_classified_share < classified_share_floor and theme_exception is null)
    or (kind_of_spend_classified_share < classified_share_floor and kind_of_spend_exception is null)
