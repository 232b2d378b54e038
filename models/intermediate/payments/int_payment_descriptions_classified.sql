{#-
    Every distinct way a council describes a payment (its service area and division, expense
    type, detail and code), with the Total Place theme and the kind of spend of the first rule
    of each seed that matches, and the rule. Payments are joined to it on equality.
    Incremental: a build classifies only the descriptions not yet classified by the seeds as
    they stand (their version, a hash of every rule): at national scale, matching every
    description against every rule again took 34 s of a one-month build. After a change to
    the seeds no description is, so every one is classified again, as a full refresh would.
    The version is worked out here only; fct_payments records it on every payment.
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

{% if is_incremental() %}
classified_before as (

    -- what an earlier build classified by the seeds as they stand: none after a seed change
    select {{ key | join(', ') }}
    from {{ this }}
    where classification_version = (select classification_version.classification_version from classification_version)

),
{% endif %}

descriptions as (

    select collected.*
    from {{ ref('int_payment_descriptions_collected') }} as collected
    {% if is_incremental() %}
    left join classified_before
        on
            {% for column in key %}collected.{{ column }} = classified_before.{{ column }}{% if not loop.last %}
            and {% endif %}{% endfor %}
    where classified_before.publisher_code is null
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
