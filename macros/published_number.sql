{#-
    A number from a publisher's text, or null where the text is one of the publishers'
    stand-ins for "no value": blank, "..." and "…" (not available, no return received) in
    the Revenue Outturn, NA in the Fingertips extracts, NaN and ±∞ in the PESA per-capita
    columns (a division by a zero population). Anything else that is not a number fails
    loudly, as it should: the landing quarantines such rows before they get here.
-#}
{% macro published_number(text) -%}
    cast(
        case
            when trim({{ text }}) in ('', '...', '…', 'NA', 'NaN', '∞', '-∞') then null
            else trim({{ text }})
        end as double
    )
{%- endmacro %}
