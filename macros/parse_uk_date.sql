{#-
    A date from a council's payment-date text. UK publishers write day before month; ISO dates
    and timestamps also occur. The formats are the ones src/total_place/payments.py accepts at
    landing (a test keeps the two lists equal), so a row that lands always parses here.
-#}
{% macro uk_date_formats() -%}
{{ return([
    '%d/%m/%Y', '%d/%m/%y', '%Y-%m-%d', '%d-%m-%Y', '%d.%m.%Y', '%d-%b-%Y', '%d-%b-%y',
    '%d %b %Y', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M',
]) }}
{%- endmacro %}

{% macro parse_uk_date(text) -%}
{{ return(adapter.dispatch('parse_uk_date', 'total_place')(text)) }}
{%- endmacro %}

{% macro default__parse_uk_date(text) -%}
{{ exceptions.raise_compiler_error("parse_uk_date has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__parse_uk_date(text) -%}
coalesce(
{%- for date_format in uk_date_formats() %}
    cast(try_strptime(trim({{ text }}), '{{ date_format }}') as date){% if not loop.last %},{% endif %}
{%- endfor %}
)
{%- endmacro %}
