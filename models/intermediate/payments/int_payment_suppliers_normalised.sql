{#-
    Every supplier name each council's payments print, with the name that identifies the
    supplier (normalise_supplier_name), or none where the council redacted a person paid.
    Working database only: names stay out of the published marts, which carry aggregates.
-#}

with

payments as (

    select * from {{ ref('stg_council_payments__transactions') }}
    where publisher_kind = 'council'

),

supplier_names as (

    select distinct
        publisher_code,
        coalesce(supplier_name, '') as supplier_name,
        is_supplier_redacted

    from payments

),

final as (

    select
        publisher_code,
        supplier_name,
        is_supplier_redacted,
        case
            when not is_supplier_redacted then {{ normalise_supplier_name('supplier_name') }}
        end as supplier_key

    from supplier_names

)

select * from final
