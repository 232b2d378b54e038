{#-
    Each council's payments per financial year and supplier (its normalised name), with the
    redacted payees (people paid) as one group of their own: never ranked as a supplier. The
    council's own spend only (payment_publications).
    Working database only.
-#}

with

payments as (

    select * from {{ ref('stg_council_payments__transactions') }}
    where publisher_kind = 'council'

),

suppliers as (

    select * from {{ ref('int_payment_suppliers_normalised') }}

),

publications as (

    select * from {{ ref('payment_publications') }}

),

final as (

    select
        payments.publisher_code,
        {{ financial_year_of_month('payments.period') }} as financial_year,
        suppliers.supplier_key,
        payments.is_supplier_redacted,
        count(*) as payments,
        sum(payments.amount_gbp) as amount_gbp

    from payments
    inner join suppliers
        on
            payments.publisher_code = suppliers.publisher_code
            and coalesce(payments.supplier_name, '') = suppliers.supplier_name
    -- the council's own spend: a council company's suppliers are not the council's
    inner join publications
        on
            payments.publication = publications.publication
            and publications.is_council_spend
    group by 1, 2, 3, 4

)

select * from final
