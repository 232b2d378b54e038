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
