{{ config(severity='warn') }}
{#-
    An exception (payment_classification_exceptions) for a council-year that now reaches the
    floor, or that no longer has payments, is stale: it would excuse a later fall. Warns.
-#}

select
    exceptions.publisher_code,
    exceptions.financial_year,
    exceptions.measure

from {{ ref('payment_classification_exceptions') }} as exceptions
left join {{ ref('rpt_payments_classification_coverage') }} as coverage
    on
        exceptions.publisher_code = coverage.publisher_code
        and exceptions.financial_year = coverage.financial_year
where
    coverage.publisher_code is null
    or (exceptions.measure = 'theme' and coverage.theme_classified_share >= coverage.classified_share_floor)
    or (
        exceptions.measure = 'kind_of_spend'
        and coverage.kind_of_spend_classified_share >= coverage.classified_share_floor
    )
