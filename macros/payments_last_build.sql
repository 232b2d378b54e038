{#-
    In an incremental build of a payments model: a `last_build` CTE holding the latest load
    time and the classification version the model's table was built with, so the build takes
    what landed since, or everything after the classification seeds changed. Nothing in a
    full build.
-#}
{% macro payments_last_build() %}
{% if is_incremental() %}
last_build as (

    select
        max(loaded_at) as loaded_at,
        max(classification_version) as classification_version

    from {{ this }}

),
{% endif %}
{% endmacro %}
