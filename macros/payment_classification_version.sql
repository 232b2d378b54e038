{#-
    The version of the payment classification: one row, `classification_version`, a hash of
    every rule of the payment_service_themes and payment_expense_kinds seeds and of the vars
    that say which fields the rules read. Worked out by int_payment_descriptions_classified,
    which classifies again what another version classified; fct_payments takes the version
    from it, so a change to the rules reaches every month as a full refresh would.
-#}
{% macro payment_classification_version() %}
select
    {{ dbt.hash(dbt.listagg('classification_rule', "'|'", 'order by classification_rule')) }}
        as classification_version
from (
    select
        'theme:' || cast(priority as {{ dbt.type_string() }}) || ':' || coalesce(publisher_code, '') || ':'
        || field || ':' || pattern || ':' || theme as classification_rule
    from {{ ref('payment_service_themes') }}

    union all

    select
        'kind:' || cast(priority as {{ dbt.type_string() }}) || ':' || coalesce(publisher_code, '') || ':'
        || field || ':' || pattern || ':' || kind_of_spend as classification_rule
    from {{ ref('payment_expense_kinds') }}

    union all

    select
        'fields:{{ tojson(var("payment_description_fields")) }}{{ tojson(var("payment_combined_fields")) }}'
        || '{{ tojson(var("payment_combined_fields_separator")) }}' as classification_rule
) as classification_rules
{% endmacro %}
