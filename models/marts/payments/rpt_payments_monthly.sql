{#-
    The payments rolled up by council, month, publication, theme and kind of spend; incremental by
    council-month like fct_payments, so one new month rebuilds one month here too; a
    council-month fct_payments no longer holds is deleted first (payments_drop_gone_months).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete_by_keys',
        unique_key=['publisher_code', 'period', 'publication'],
        on_schema_change='fail',
        pre_hook="{{ payments_drop_gone_months(ref('fct_payments')) }}",
    )
}}

with

{{ payments_last_build('select max(classification_version) from ' ~ ref('fct_payments')) }}

payments as (

    select fct_payments.*
    from {{ ref('fct_payments') }} as fct_payments
    {% if is_incremental() %}
    -- fct_payments reclassified (its version is not this table's): every month, whatever its load time.
    where fct_payments.loaded_at > (select last_build.rebuild_after from last_build)
    {% endif %}

),

rolled_up as (

    select
        publisher_code,
        council_code,
        council_name,
        period,
        publication,
        financial_year,
        theme,
        kind_of_spend,
        count(*) as payments,
        count(case when is_credit_note then 1 end) as credit_notes,
        sum(amount_gbp) as amount_gbp,
        sum(case when is_credit_note then amount_gbp else 0 end) as credit_notes_gbp,
        max(loaded_at) as loaded_at,
        max(classification_version) as classification_version

    from payments
    group by 1, 2, 3, 4, 5, 6, 7, 8

),

-- A cell of fewer than 10 payments is published without its figures (as small outcome
-- counts are): a few payments in a month can be one family's care.
final as (

    select
        publisher_code,
        council_code,
        council_name,
        period,
        publication,
        financial_year,
        theme,
        kind_of_spend,
        case when not is_suppressed then payments end as payments,
        case when not is_suppressed then credit_notes end as credit_notes,
        case when not is_suppressed then amount_gbp end as amount_gbp,
        case when not is_suppressed then credit_notes_gbp end as credit_notes_gbp,
        is_suppressed,
        loaded_at,
        classification_version

    from (
        select
            *,
            payments < {{ var('published_payments_minimum') }} as is_suppressed
        from rolled_up
    ) as cells

)

select * from final
