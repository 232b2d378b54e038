{#-
    In an incremental build of a payments model: a `last_build` CTE with one value,
    `rebuild_after`, the load time after which landed rows are (re)built. It is the latest load
    time in the model's table, or the dawn of time when the table was classified by another
    version of the classification seeds than `current_version` (a query returning one value),
    so a change of seeds rebuilds every month, as a full refresh would.
    One scalar, not a join: compared with it, the filter on load time reaches the scan of the
    landed rows, and a build with one new month reads one month. Nothing in a full build.
-#}
{% macro payments_last_build(current_version) %}
{% if is_incremental() %}
last_build as (

    select
        case
            when max(classification_version) = ({{ current_version }})
                then max(loaded_at)
            else cast('1900-01-01 00:00:00' as timestamp)
        end as rebuild_after

    from {{ this }}

),
{% endif %}
{% endmacro %}

{#-
    Pre-hook of fct_payments in an incremental build: delete the rows of every file landed again
    or un-landed since the table was last built. Their current rows (if any) have a new load
    time, so the build brings them back; a council-month whose rows are gone from raw (a file
    un-landed, or re-issued for another month) leaves the table. Nothing in a full build.
-#}
{% macro payments_drop_relanded_files() %}
{% if is_incremental() %}
delete from {{ this }}
where source_file in (
    select load_log.source_file
    from {{ source('council_payments', 'load_log') }} as load_log
    where load_log.loaded_at > (select max(built.loaded_at) from {{ this }} as built)
)
{% else %}
select 1
{% endif %}
{% endmacro %}

{#-
    Pre-hook of a roll-up of fct_payments in an incremental build: delete the council-months
    fct_payments no longer holds (their files un-landed or re-issued for another month).
-#}
{% macro payments_drop_gone_months(fct_payments) %}
{% if is_incremental() %}
delete from {{ this }}
where not exists (
    select 1
    from {{ fct_payments }} as payments
    where
        payments.publisher_code = {{ this }}.publisher_code
        and payments.period = {{ this }}.period
        and payments.publication = {{ this }}.publication
)
{% else %}
select 1
{% endif %}
{% endmacro %}

{#-
    Pre-hook of int_payment_descriptions_classified in an incremental build: delete every
    description classified under another version of the rules than the current one, so the
    build classifies them again and the table holds one version.
-#}
{% macro payments_drop_other_classification_versions() %}
{% if is_incremental() %}
delete from {{ this }}
where classification_version <> ({{ payment_classification_version() }})
{% else %}
select 1
{% endif %}
{% endmacro %}
