{#-
    Pounds from a council's amount text, exactly or not at all. The one definition of what an
    amount is: landing (src/total_place/landing.py renders these macros) quarantines a row whose
    amount_problem is not null, and staging reads the landed text with parse_amount.
    Read: "1,234.56", "-48.50", "(48.50)" (a credit), "£500", "-£500", "£ (1,000.00)".
    Not read: "(-12.00)" (a bracket and a minus: which sign?), "1,2,3" (not thousands),
    "1,234.567" (not a whole number of pence), more than 16 digits before the point (beyond
    decimal(18, 2)), anything else.
-#}
{% macro amount_cleaned(text) -%}
replace(trim({{ text }}), ' ', '')
{%- endmacro %}

{% macro amount_form_matches(text) -%}
{%- set number = '([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]+)?' -%}
regexp_full_match(
    {{ amount_cleaned(text) }},
    '-£?{{ number }}|£?-?{{ number }}|£?[(]{{ number }}[)]|[(]£?{{ number }}[)]'
)
{%- endmacro %}

{% macro amount_integer_digits(text) -%}
length(ltrim(replace(regexp_extract({{ amount_cleaned(text) }}, '[0-9][0-9,]*'), ',', ''), '0'))
{%- endmacro %}

{#- Null when the text is blank or an amount read exactly; else why it is not (prefixed by `label`). -#}
{% macro amount_problem(text, label) -%}
case
    when coalesce(trim({{ text }}), '') = '' then null
    -- the common case, decided by one simple pattern: plain pounds and pence within range
    when regexp_full_match(trim({{ text }}), '-?[0-9]{1,16}([.][0-9]{1,2})?') then null
    when not {{ amount_form_matches(text) }}
        then '{{ label }} ''' || {{ text }} || ''' is not a number'
    when regexp_matches({{ amount_cleaned(text) }}, '[.][0-9]{2}[0-9]*[1-9]')
        then '{{ label }} ''' || {{ text }} || ''' has more than 2 decimal places (not a whole number of pence)'
    when {{ amount_integer_digits(text) }} > 16
        then '{{ label }} ''' || {{ text }} || ''' is out of range (more than 16 digits before the point)'
end
{%- endmacro %}

{% macro parse_amount(text) -%}
case
    when coalesce(trim({{ text }}), '') <> '' and {{ amount_problem(text, 'amount') }} is null
        then cast(
            replace(replace(replace(replace({{ amount_cleaned(text) }}, '£', ''), ',', ''), '(', '-'), ')', '')
            as decimal(18, 2)
        )
end
{%- endmacro %}
