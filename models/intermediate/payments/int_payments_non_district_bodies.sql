{#-
    Payments of bodies that are not councils (combined authorities and the GLA by their
    register code, functional bodies and central government departments by the
    non_district_publishers seed), each placed on the area the body serves, never on a
    district that happens to share its code.
-#}

with

payments as (

    select * from {{ ref('stg_council_payments__transactions') }}
    where publisher_kind <> 'council'

),

seeded_bodies as (

    select * from {{ ref('non_district_publishers') }}

),

register as (

    select * from {{ ref('stg_mysociety__local_authorities') }}
    where register_edition = 'current'

),

placed as (

    select
        payments.source_file || ':' || cast(payments.source_row_number as varchar) as payment_id,
        payments.publisher_kind,
        split_part(payments.publisher_code, ':', 2) as publisher_code,
        coalesce(seeded_bodies.publisher_name, register.official_name) as publisher_name,
        coalesce(seeded_bodies.area_code, register.gss_code) as area_code,
        payments.period,
        payments.payment_date,
        cast(payments.amount_gbp as decimal(18, 2)) as amount_gbp,
        payments.service_area,
        payments.expense_type,
        payments.source_file,
        payments.source_row_number

    from payments
    left join seeded_bodies
        on
            payments.publisher_kind = seeded_bodies.publisher_kind
            and split_part(payments.publisher_code, ':', 2) = seeded_bodies.publisher_code
    left join register
        on
            payments.publisher_kind = 'combined_authority'
            and split_part(payments.publisher_code, ':', 2) = register.register_code

),

final as (

    select * from placed

)

select * from final
