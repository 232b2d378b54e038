{#-
    Every distinct way a council describes a payment (its service area and division, expense
    type, detail and code), with the Total Place theme and the kind of spend of the first rule
    of each seed that matches, and the rule. Payments are joined to it on equality.
-#}
{%- set fields = ['service_area', 'service_division', 'expense_type', 'expense_detail', 'expense_code'] -%}
{%- set key = ['publisher_code'] + fields -%}

with

payments as (

    select * from {{ ref('stg_council_payments__transactions') }}

),

service_themes as (

    select * from {{ ref('payment_service_themes') }}

),

expense_kinds as (

    select * from {{ ref('payment_expense_kinds') }}

),

descriptions as (

    select distinct
        publisher_code,
        {%- for field in fields %}
        coalesce({{ field }}, '') as {{ field }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from payments

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
        kinds.rule as kind_of_spend_rule

    from descriptions
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
