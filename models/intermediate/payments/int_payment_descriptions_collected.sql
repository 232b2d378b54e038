{#-
    Every distinct way a council describes a payment (var payment_description_fields), with
    when a payment so described was last landed. Incremental: a build reads only the rows
    landed since the last (the latest last_landed_at) and replaces the descriptions they hold,
    so a new month costs its own rows, not a scan of every payment (at national scale, 40
    million rows took 32 s to scan for their few thousand descriptions). A description whose
    files are all un-landed stays until a full refresh: payments are joined to descriptions on
    equality, so it classifies nothing.
-#}
{%- set fields = var('payment_description_fields') -%}

{{
    config(
        materialized='incremental',
        incremental_strategy='delete_by_keys',
        unique_key=['publisher_code'] + fields,
        on_schema_change='fail',
    )
}}

with

{% if is_incremental() %}
last_collected as (

    -- the dawn of time while the table is empty
    select coalesce(max(collected.last_landed_at), cast('1900-01-01 00:00:00' as timestamp)) as landed_at
    from {{ this }} as collected

),
{% endif %}

payments as (

    select * from {{ ref('stg_council_payments__transactions') }}
    {% if is_incremental() %}
    where loaded_at > (select last_collected.landed_at from last_collected)
    {% endif %}

),

final as (

    select
        publisher_code,
        {%- for field in fields %}
        coalesce({{ field }}, '') as {{ field }},
        {%- endfor %}
        max(loaded_at) as last_landed_at

    from payments
    group by
        publisher_code,
        {%- for field in fields %}
        coalesce({{ field }}, ''){% if not loop.last %},{% endif %}
        {%- endfor %}

)

select * from final
