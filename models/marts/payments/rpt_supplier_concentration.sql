{#-
    How concentrated each council's spending is, per financial year: distinct suppliers (by
    normalised name), and the shares of the year's payments (net of credit notes) that go to
    its 10 and 100 largest suppliers and to redacted payees. Published as these aggregates
    only: no supplier is named.
-#}

with

supplier_years as (

    select * from {{ ref('int_payment_supplier_years_aggregated') }}

),

councils as (

    select * from {{ ref('stg_mysociety__local_authorities') }}
    where register_edition = 'current'

),

ranked as (

    select
        publisher_code,
        financial_year,
        supplier_key,
        is_supplier_redacted,
        payments,
        amount_gbp,
        -- Redacted payees are many people: never one supplier, never ranked.
        case
            when not is_supplier_redacted and supplier_key is not null then row_number() over (
                    partition by publisher_code, financial_year, is_supplier_redacted or supplier_key is null
                    order by amount_gbp desc, supplier_key asc
                )
        end as supplier_rank

    from supplier_years

),

council_years as (

    select
        publisher_code,
        financial_year,
        sum(payments) as payments,
        sum(amount_gbp) as amount_gbp,
        count(distinct case when not is_supplier_redacted then supplier_key end) as suppliers,
        sum(case when supplier_rank <= 10 then amount_gbp else 0 end) as top_10_gbp,
        sum(case when supplier_rank <= 100 then amount_gbp else 0 end) as top_100_gbp,
        sum(case when is_supplier_redacted then amount_gbp else 0 end) as redacted_gbp

    from ranked
    group by 1, 2

),

final as (

    select
        council_years.publisher_code,
        councils.gss_code as council_code,
        councils.official_name as council_name,
        council_years.financial_year,
        cast(council_years.payments as bigint) as payments,
        cast(council_years.amount_gbp as decimal(18, 2)) as amount_gbp,
        cast(council_years.suppliers as bigint) as suppliers,
        cast(case
            when council_years.amount_gbp > 0 then council_years.top_10_gbp / council_years.amount_gbp
        end as decimal(9, 6)) as top_10_share,
        cast(case
            when council_years.amount_gbp > 0 then council_years.top_100_gbp / council_years.amount_gbp
        end as decimal(9, 6)) as top_100_share,
        cast(case
            when council_years.amount_gbp > 0 then council_years.redacted_gbp / council_years.amount_gbp
        end as decimal(9, 6)) as redacted_share

    from council_years
    left join councils
        on upper(council_years.publisher_code) = councils.register_code

)

select * from final
