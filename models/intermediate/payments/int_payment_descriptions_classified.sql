{#-
    Every distinct way a council describes a payment (its service area and division, expense
    type, detail and code), with the Total Place theme and the kind of spend of the first rule
    of each seed that matches, and the rule. Payments are joined to it on equality.
    Incremental: a build classifies only the descriptions not yet classified by the rules as
    they stand (payment_classification_version: a hash of every rule): at national scale,
    matching every description against every rule again took 34 s of a one-month build. A
    pre-hook deletes what another version classified, so after a change to the rules every
    description is classified again, as a full refresh would, and one version is left.
-#}
{%- set fields = var('payment_description_fields') -%}
{%- set key = ['publisher_code'] + fields -%}

{{
    config(
        materialized='incremental',
        incremental_strategy='delete_by_keys',
        unique_key=key,
        on_schema_change='fail',
        pre_hook="{{ payments_drop_other_classification_versions() }}",
    )
}}

with

collected as (

    select * from {{ ref('int_payment_descriptions_collected') }}

),

service_themes as (

    select * from {{ ref('payment_service_themes') }}

),

expense_kinds as (

    select * from {{ ref('payment_expense_kinds') }}

),

classification_version as (

    {{ payment_classification_version() }}

),

{% if is_incremental() %}
classified_before as (

    -- what an earlier build classified by the rules as they stand (its pre-hook deleted the rest)
    select {{ key | join(', ') }}
    from {{ this }}

),
{% endif %}

descriptions as (

    select collected.*
    from collected
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
