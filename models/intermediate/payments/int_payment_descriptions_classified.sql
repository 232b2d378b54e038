{#-
    Every distinct way a council describes a payment (its service area and division, expense
    type, detail and code), with the Total Place theme and the kind of spend of the first rule
    of each seed that matches, and the rule. Payments are joined to it on equality.
    Incremental like the payments: a build classifies only the descriptions collected since
    the last (at national scale, matching every description again against every rule took
    34 s), unless the classification seeds changed since (their version, a hash of every
    rule, is not this table's): then every description is classified again, as a full
    refresh would. The version is worked out here only; fct_payments records it per row.
-#}
{%- set fields = var('payment_description_fields') -%}
{%- set key = ['publisher_code'] + fields -%}

{{
    config(
        materialized='incremental',
        incremental_strategy='delete_by_keys',
        unique_key=key,
        on_schema_change='fail',
    )
}}

with

service_themes as (

    select * from {{ ref('payment_service_themes') }}

),

expense_kinds as (

    select * from {{ ref('payment_expense_kinds') }}

),

classification_rules as (

    select
        'theme:' || cast(priority as {{ dbt.type_string() }}) || ':' || coalesce(publisher_code, '') || ':'
        || field || ':' || pattern || ':' || theme as classification_rule
    from service_themes

    union all

    select
        'kind:' || cast(priority as {{ dbt.type_string() }}) || ':' || coalesce(publisher_code, '') || ':'
        || field || ':' || pattern || ':' || kind_of_spend as classification_rule
    from expense_kinds

),

classification_version as (

    select
        {{ dbt.hash(dbt.listagg('classification_rule', "'|'", 'order by classification_rule')) }}
            as classification_version
    from classification_rules

),

{{ payments_last_build('select classification_version from classification_version', 'last_landed_at') }}

descriptions as (

    select * from {{ ref('int_payment_descriptions_collected') }}
    {% if is_incremental() %}
    where last_landed_at > (select last_build.rebuild_after from last_build)
    {% endif %}

),

themes as (

    {{ first_matching_pattern('descriptions', 'service_themes', key, fields, 'theme') }}

),

kinds as (

    {{ first_matching_pattern('descriptions', 'expense_kinds', key, fields, 'kind_of_spend') }}

),

final as (

    select
        {% for column in key %}descriptions.{{ column }},
        {% endfor -%}
        coalesce(themes.theme, 'unclassified') as theme,
        themes.rule as theme_rule,
        coalesce(kinds.kind_of_spend, 'unclassified') as kind_of_spend,
        kinds.rule as kind_of_spend_rule,
        descriptions.last_landed_at,
        classification_version.classification_version

    from descriptions
    cross join classification_version
    left join themes
        on
            {% for column in key %}descriptions.{{ column }} = themes.{{ column }}{% if not loop.last %}
            and {% endif %}{% endfor %}
    left join kinds
        on
            {% for column in key %}descriptions.{{ column }} = kinds.{{ column }}{% if not loop.last %}
            and {% endif %}{% endfor %}

)

select * from final
