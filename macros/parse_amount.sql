{#-
    Pounds from a council's amount text: "1,234.56", "-48.50", "(48.50)" (a credit),
    "£500", "£ (1,000.00)". The forms are the ones payments.py accepts at landing.
-#}
{% macro parse_amount(text) -%}
case when trim({{ text }}) like '%(%' then -1 else 1 end
* cast(
    {{ dbt.replace(dbt.replace(dbt.replace(dbt.replace(dbt.replace(
        'trim(' ~ text ~ ')', "'£'", "''"), "','", "''"), "'('", "''"), "')'", "''"), "' '", "''") }}
    as decimal(18, 2)
)
{%- endmacro %}
