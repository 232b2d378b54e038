{#-
    How much of a council's spend do its published payments explain? Per council, financial
    year and Total Place theme (and all themes), the payments of £500 or more (the statutory
    threshold: some councils publish smaller ones too), revenue only (capital is not in the
    outturn), against the same council's Revenue Outturn net current expenditure on the lines
    of that theme (spend_lines). The pack's outturn (RS) gives net spend only, so the basis is
    net: income and grants the council receives are taken off it, never off payments.
    Only the council's own spend is counted (payment_publications); a row of fewer than 10
    payments is published without its figures, as rpt_payments_monthly's cells are.
-#}

{%- set payment_threshold_gbp = 500 -%}

with

payments as (

    select * from {{ ref('fct_payments') }}

),

publications as (

    select * from {{ ref('payment_publications') }}

),

council_spend as (

    -- A council company's payments are not the council's own spend (payment_publications).
    select payments.*
    from payments
    inner join publications
        on payments.publication = publications.publication
    where publications.is_council_spend

),

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}
    where row_kind = 'authority' and line_kind in ('service', 'housing benefit')

),

bodies_placed as (

    select distinct
        financial_year,
        mhclg_ecode,
        body_ons_code

    from {{ ref('int_revenue_outturn_bodies_placed') }}
    where body_kind = 'council'

),

spend_lines as (

    select * from {{ ref('spend_lines') }}
    where source = 'revenue_outturn'

),

payment_months as (

    -- The months of the financial year that payments are dated in: a quarterly file covers
    -- three, and a month's file carries a few of the last month's invoices.
    select
        publisher_code,
        financial_year,
        count(distinct case
            when {{ financial_year_of_month(
                    "cast(extract(year from payment_date) as " ~ dbt.type_string() ~ ") || '-' || "
                    ~ "lpad(cast(extract(month from payment_date) as " ~ dbt.type_string() ~ "), 2, '0')"
                ) }} = financial_year
                then extract(month from payment_date)
        end) as months_published

    from council_spend
    group by 1, 2

),

payments_by_theme as (

    select
        publisher_code,
        council_code,
        council_name,
        financial_year,
        theme,
        count(*) as payments,
        sum(amount_gbp) as payments_gbp

    from council_spend
    where
        abs(amount_gbp) >= {{ payment_threshold_gbp }}
        and kind_of_spend <> 'capital'
        and coalesce(capital_or_revenue, 'revenue') = 'revenue'
    group by 1, 2, 3, 4, 5

),

payments_all_themes as (

    select
        publisher_code,
        council_code,
        council_name,
        financial_year,
        'all themes' as theme,
        sum(payments) as payments,
        sum(payments_gbp) as payments_gbp

    from payments_by_theme
    group by 1, 2, 3, 4

),

council_payments as (

    select * from payments_by_theme
    union all
    select * from payments_all_themes

),

outturn_by_theme as (

    select
        bodies_placed.body_ons_code as council_code,
        service_expenditure.financial_year,
        spend_lines.theme,
        sum(service_expenditure.net_current_expenditure_gbp) as outturn_gbp

    from service_expenditure
    inner join bodies_placed
        on
            service_expenditure.financial_year = bodies_placed.financial_year
            and service_expenditure.mhclg_ecode = bodies_placed.mhclg_ecode
    inner join spend_lines
        on cast(service_expenditure.service_line_code as {{ dbt.type_string() }}) = spend_lines.line_key
    where bodies_placed.body_ons_code in (select council_payments.council_code from council_payments)
    group by 1, 2, 3

),

council_outturn as (

    select * from outturn_by_theme

    union all

    select
        council_code,
        financial_year,
        'all themes' as theme,
        sum(outturn_gbp) as outturn_gbp

    from outturn_by_theme
    group by 1, 2

),

compared as (

    select
        council_payments.publisher_code,
        council_payments.council_code,
        council_payments.council_name,
        council_payments.financial_year,
        council_payments.theme,
        payment_months.months_published,
        council_payments.payments,
        council_payments.payments_gbp,
        council_outturn.outturn_gbp,
        exists(
            select 1 from council_outturn as any_line
            where
                any_line.council_code = council_payments.council_code
                and any_line.financial_year = council_payments.financial_year
        ) as has_outturn_year,
        case
            when council_outturn.outturn_gbp > 0
                then council_payments.payments_gbp / council_outturn.outturn_gbp
        end as coverage_share

    from council_payments
    inner join payment_months
        on
            council_payments.publisher_code = payment_months.publisher_code
            and council_payments.financial_year = payment_months.financial_year
    left join council_outturn
        on
            council_payments.council_code = council_outturn.council_code
            and council_payments.financial_year = council_outturn.financial_year
            and council_payments.theme = council_outturn.theme

),

final as (

    select
        publisher_code,
        council_code,
        council_name,
        financial_year,
        theme,
        cast(months_published as integer) as months_published,
        cast(case when not is_suppressed then payments end as bigint) as payments,
        cast(case when not is_suppressed then payments_gbp end as decimal(18, 2)) as payments_gbp,
        cast(outturn_gbp as decimal(18, 2)) as outturn_gbp,
        case when outturn_gbp is not null then 'net current expenditure' end as outturn_basis,
        cast(case when not is_suppressed then coverage_share end as decimal(12, 6)) as coverage_share,
        is_suppressed,
        case
            when is_suppressed then 'suppressed'
            when outturn_gbp is null and not has_outturn_year then 'no outturn for the year'
            when outturn_gbp is null then 'no outturn line for the theme'
            when outturn_gbp <= 0 then 'outturn not positive'
            when months_published < 12 then 'part year of payments'
            when coverage_share > 1 then 'payments exceed outturn'
            when coverage_share < {{ var('payments_coverage_floor') }} then 'below floor'
        end as coverage_flag

    from (
        select
            *,
            payments < {{ var('published_payments_minimum') }} as is_suppressed
        from compared
    ) as rows_compared

)

select * from final
