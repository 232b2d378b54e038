{#-
    Incremental by council-month: a build takes only rows landed since the last one, and
    replaces every council-month they belong to (delete_by_keys on publisher, month and
    publication: macros/incremental_delete_by_keys.sql). A
    corrected file replaces its council's month at landing, so its rows arrive with a new
    load time and the month is rebuilt whole: late corrections need no special case.
    Each row records the version (a hash) of the classification seeds it was classified by;
    when the seeds change, the next build reclassifies every month, as a full refresh would.
    A file landed again or un-landed since the last build has its rows deleted first
    (payments_drop_relanded_files), so a council-month whose raw rows are gone leaves the table.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete_by_keys',
        unique_key=['publisher_code', 'period', 'publication'],
        on_schema_change='fail',
        pre_hook="{{ payments_drop_relanded_files() }}",
    )
}}

with

descriptions as (

    select * from {{ ref('int_payment_descriptions_classified') }}

),

classification_version as (

    -- the version of the rules the descriptions were classified by: one, the current one
    -- (the classified table's pre-hook deletes any other)
    select max(descriptions.classification_version) as classification_version
    from descriptions

),

{{ payments_last_build('select classification_version from classification_version') }}

payments as (

    select staged.*
    from {{ ref('stg_council_payments__transactions') }} as staged
    -- councils only: other bodies' payments are int_payments_non_district_bodies'
    where
        staged.publisher_kind = 'council'
        {% if is_incremental() %}
        and staged.loaded_at > (select last_build.rebuild_after from last_build)
        {% endif %}

),

councils as (

    select * from {{ ref('stg_mysociety__local_authorities') }}
    where register_edition = 'current'

),

classified as (

    select
        payments.source_file || ':' || cast(payments.source_row_number as varchar) as payment_id,
        payments.publisher_code,
        councils.gss_code as council_code,
        councils.official_name as council_name,
        payments.period,
        payments.publication,
        {{ financial_year_of_month('payments.period') }} as financial_year,
        payments.payment_date,
        payments.is_payment_month_only,
        cast(payments.amount_gbp as decimal(18, 2)) as amount_gbp,
        payments.is_credit_note,
        payments.capital_or_revenue,
        payments.service_area,
        payments.service_division,
        payments.expense_type,
        -- A redacted payee's purpose can describe the person paid: published for suppliers only.
        case when not payments.is_supplier_redacted then payments.expense_detail end as expense_detail,
        descriptions.theme,
        descriptions.kind_of_spend,
        descriptions.theme <> 'unclassified' and descriptions.kind_of_spend <> 'unclassified' as is_classified,
        payments.is_supplier_redacted,
        payments.source_file,
        payments.source_row_number,
        payments.loaded_at,
        classification_version.classification_version

    from payments
    cross join classification_version
    left join descriptions
        on
            payments.publisher_code = descriptions.publisher_code
            {%- for field in var('payment_description_fields') %}
            and coalesce(payments.{{ field }}, '') = descriptions.{{ field }}
            {%- endfor %}
    left join councils
        on upper(payments.publisher_code) = councils.register_code

),

final as (

    select * from classified

)

select * from final
