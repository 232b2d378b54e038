{#-
    After a build, every description and every payment is classified by the rules as they
    stand (payment_classification_version): an incremental build that left an older version
    behind would publish themes the seeds no longer give.
-#}

with

current_version as (

    {{ payment_classification_version() }}

),

descriptions as (

    select classification_version
    from {{ ref('int_payment_descriptions_classified') }}

),

payments as (

    select classification_version
    from {{ ref('fct_payments') }}

),

stale as (

    select
        'description' as classified,
        descriptions.classification_version
    from descriptions
    where descriptions.classification_version <> (select current_version.classification_version from current_version)

    union all

    select
        'payment' as classified,
        payments.classification_version
    from payments
    where payments.classification_version <> (select current_version.classification_version from current_version)

)

select
    classified,
    classification_version,
    count(*) as rows_stale

from stale
group by 1, 2
