{#-
    For every year and RS line, the authorities' net current expenditure must add up to the
    ENGLAND total the workbook prints, and each class's authorities to the class subtotal.
    MHCLG grosses up an authority that sent no return (Copeland in 2017-18, published as "…")
    with an estimate it does not publish, so a total over a group with such an authority
    cannot be checked and is left out; every other total must agree to within a pound.
-#}

with

service_expenditure as (

    select * from {{ ref('stg_mhclg_revenue_outturn__service_expenditure') }}

),

authorities as (

    select
        financial_year,
        service_line_code,
        net_current_expenditure_gbp,
        case authority_class
            when 'L' then 'LONDON BOROUGHS'
            when 'MD' then 'METROPOLITAN DISTRICTS'
            when 'UA' then 'UNITARY AUTHORITIES'
            when 'SC' then 'SHIRE COUNTIES'
            when 'SD' then 'SHIRE DISTRICTS'
            when 'O' then 'OTHER AUTHORITIES'
        end as class_subtotal_name

    from service_expenditure
    where row_kind = 'authority'

),

summed as (

    select
        financial_year,
        service_line_code,
        class_subtotal_name as total_name,
        sum(net_current_expenditure_gbp) as authorities_gbp,
        count(*) - count(net_current_expenditure_gbp) as authorities_without_value

    from authorities
    group by 1, 2, 3

    union all

    select
        financial_year,
        service_line_code,
        'ENGLAND' as total_name,
        sum(net_current_expenditure_gbp) as authorities_gbp,
        count(*) - count(net_current_expenditure_gbp) as authorities_without_value

    from authorities
    group by 1, 2, 3

),

published as (

    select
        financial_year,
        service_line_code,
        upper(authority_name) as total_name,
        net_current_expenditure_gbp as published_gbp

    from service_expenditure
    where row_kind in ('england total', 'class subtotal')

),

compared as (

    select
        published.financial_year,
        published.service_line_code,
        published.total_name,
        published.published_gbp,
        summed.authorities_gbp,
        summed.authorities_without_value

    from published
    left join summed
        on
            published.financial_year = summed.financial_year
            and published.service_line_code = summed.service_line_code
            and published.total_name = summed.total_name

)

select * from compared
where
    authorities_gbp is null
    or (authorities_without_value = 0 and abs(authorities_gbp - published_gbp) > 1)
