{#-
    A supplier's name reduced to what identifies it across a council's files: lower case, "&"
    as "and", the legal entity before any "t/a" (trading as), punctuation and a leading "the"
    gone, and legal suffixes (Ltd, Limited, PLC, LLP, CIC, Co, Company, Inc) dropped from the
    end, so "The Kier Group PLC." and "KIER GROUP" are one supplier. Null for a blank name.
-#}
{% macro normalise_supplier_name(name) -%}
{%- set text = 'lower(' ~ name ~ ')' -%}
{%- set text = regex_replace_all(text, ' (t/a|t[.]a[.]|trading as) .*$', '') -%}
{%- set text = regex_replace_all(text, '&', ' and ') -%}
{%- set text = regex_replace_all(text, '[^a-z0-9]+', ' ') -%}
{%- set text = regex_replace_all(text, '^ *the ', '') -%}
{%- set text = regex_replace_all(text, '( (ltd|limited|plc|llp|cic|co|company|inc))+ *$', '') -%}
nullif(trim({{ text }}), '')
{%- endmacro %}

{#- Every match of `pattern` in `text` replaced; the one spelling SQL engines disagree on. -#}
{% macro regex_replace_all(text, pattern, replacement) -%}
{{ return(adapter.dispatch('regex_replace_all', 'total_place')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(text, pattern, replacement) -%}
regexp_replace({{ text }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{% macro duckdb__regex_replace_all(text, pattern, replacement) -%}
regexp_replace({{ text }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
