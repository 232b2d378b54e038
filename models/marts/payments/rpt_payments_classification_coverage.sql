{#-
    Per council and financial year: how much of the money its payments describe reaches a
    Total Place theme and a kind of spend, against the floor (var payments_classified_share_floor),
    and the declared reason where a year cannot reach it. By value: each payment counts at its
    size, so credit notes do not offset what is unclassified.
-#}

with

payments as (

    select * from {{ ref('fct_payments') }}

),

exceptions as (

    select * from {{ ref('payment_classification_exceptions') }}

),

council_years as (

    select
        publisher_code,
        council_code,
        council_name,
        financial_year,
        count(*) as payments,
        sum(abs(amount_gbp)) as amount_gbp,
        sum(case when theme = 'unclassified' then abs(amount_gbp) else 0 end) as theme_unclassified_gbp,
        sum(case when kind_of_spend = 'unclassified' then abs(amount_gbp) else 0 end) as kind_of_spend_unclassified_gbp

    from payments
    group by 1, 2, 3, 4

),

shares as (

    select
        *,
        case
            when amount_gbp > 0 then cast(1 - theme_unclassified_gbp / amount_gbp as decimal(9, 6))
        end as theme_classified_share,
        case
            when amount_gbp > 0 then cast(1 - kind_of_spend_unclassified_gbp / amount_gbp as decimal(9, 6))
        end as kind_of_spend_classified_share

    from council_years

),

final as (

    select
        shares.publisher_code,
        shares.council_code,
        shares.council_name,
        shares.financial_year,
        shares.payments,
        cast(shares.amount_gbp as decimal(18, 2)) as amount_gbp,
        shares.theme_classified_share,
        shares.kind_of_spend_classified_share,
        cast({{ var('payments_classified_share_floor') }} as decimal(9, 6)) as classified_share_floor,
        theme_exceptions.reason as theme_exception,
        kind_exceptions.reason as kind_of_spend_exception

    from shares
    left join exceptions as theme_exceptions
        on
            shares.publisher_code = theme_exceptions.publisher_code
            and shares.financial_year = theme_exceptions.financial_year
            and theme_exceptions.measure = 'theme'
    left join exceptions as kind_exceptions
        on
            shares.publisher_code = kind_exceptions.publisher_code
            and shares.financial_year = kind_exceptions.financial_year
            and kind_exceptions.measure = 'kind_of_spend'

)

select * from final
