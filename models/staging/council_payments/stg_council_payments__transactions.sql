with

source as (

    select * from {{ source('council_payments', 'payments__transactions') }}

),

typed as (

    select
        publisher_code,
        -- A body that is not a council lands under kind:CODE (src/total_place/publishers.py).
        case
            when contains(publisher_code, ':') then split_part(publisher_code, ':', 1)
            else 'council'
        end as publisher_kind,
        period,
        coalesce(publication, 'payments') as publication,  -- noqa: RF04
        trim(organisation_name) as organisation_name,
        {{ parse_uk_date('payment_date', 'two_digit_year_century') }} as payment_date,
        -- A month only ("2015-11", or a file's undated_period): dated to its first day.
        {{ uk_date_is_month_only('payment_date') }} as is_payment_month_only,
        {{ parse_amount('amount') }} as amount_gbp,
        {{ parse_amount('vat_amount') }} as vat_amount_gbp,
        {{ parse_amount('gross_amount') }} as gross_amount_gbp,
        trim(supplier_name) as supplier_name,
        -- Publishers redact the names of people paid (foster carers, care recipients...).
        -- "redacted", not "redact": Redactive Publishing Limited is a real supplier. A blank
        -- name lands only from a publisher that redacts so (payment_layouts.yml).
        coalesce(trim(supplier_name), '') = ''
        or lower(supplier_name) like '%redacted%'
        or lower(supplier_name) like '%personal data%'
        or lower(supplier_name) like '%withheld%'
        or lower(supplier_name) like '%private individual%'
        or lower(trim(supplier_name)) = 'sensitive' as is_supplier_redacted,
        nullif(trim(service_area), '') as service_area,
        nullif(trim(service_division), '') as service_division,
        nullif(trim(expense_type), '') as expense_type,
        nullif(trim(expense_detail), '') as expense_detail,
        nullif(trim(expense_code), '') as expense_code,
        case upper(left(trim(capital_or_revenue), 1))
            when 'C' then 'capital'
            when 'R' then 'revenue'
        end as capital_or_revenue,
        nullif(trim(transaction_id), '') as transaction_id,
        unmapped_columns,
        _source_file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at

    from source

),

final as (

    select
        *,
        amount_gbp < 0 as is_credit_note

    from typed

)

select * from final
