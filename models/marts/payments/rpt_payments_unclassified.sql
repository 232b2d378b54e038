{#-
    What the classification seeds do not yet reach, council by council, largest first: the
    service areas (with their division) left without a theme and the expense types (with their
    detail) left without a kind of spend, so the next seed rows are obvious. A description of
    fewer than 10 payments is not listed by its text (it could name a person paid); those are
    one row per council and measure.
-#}

{%- set listed_payments = var('published_payments_minimum') -%}
{%- set listed_rank = 25 -%}

with

payments as (

    select * from {{ ref('fct_payments') }}

),

unclassified as (

    select
        publisher_code,
        council_code,
        council_name,
        'theme' as measure,
        coalesce(service_area, '') || ' / ' || coalesce(service_division, '') as description,
        financial_year,
        amount_gbp

    from payments
    where theme = 'unclassified'

    union all

    select
        publisher_code,
        council_code,
        council_name,
        'kind_of_spend' as measure,
        coalesce(expense_type, '') || ' / ' || coalesce(expense_detail, '') as description,
        financial_year,
        amount_gbp

    from payments
    where kind_of_spend = 'unclassified'

),

described as (

    select
        publisher_code,
        council_code,
        council_name,
        measure,
        description,
        count(*) as payments,
        min(financial_year) as first_financial_year,
        max(financial_year) as last_financial_year,
        sum(abs(amount_gbp)) as amount_gbp

    from unclassified
    group by 1, 2, 3, 4, 5

),

grouped as (

    select
        publisher_code,
        council_code,
        council_name,
        measure,
        case
            when payments >= {{ listed_payments }} then description
            else '(descriptions of fewer than {{ listed_payments }} payments each)'
        end as description,
        sum(payments) as payments,
        min(first_financial_year) as first_financial_year,
        max(last_financial_year) as last_financial_year,
        sum(amount_gbp) as amount_gbp

    from described
    group by 1, 2, 3, 4, 5

),

ranked as (

    select
        *,
        amount_gbp / sum(amount_gbp) over (partition by publisher_code, measure) as share_of_unclassified,
        row_number() over (
            partition by publisher_code, measure
            order by amount_gbp desc, description asc
        ) as value_rank

    from grouped

),

final as (

    select
        publisher_code,
        council_code,
        council_name,
        measure,
        value_rank,
        description,
        cast(payments as bigint) as payments,
        first_financial_year,
        last_financial_year,
        cast(amount_gbp as decimal(18, 2)) as amount_gbp,
        cast(share_of_unclassified as decimal(9, 6)) as share_of_unclassified

    from ranked
    where value_rank <= {{ listed_rank }}

)

select * from final
