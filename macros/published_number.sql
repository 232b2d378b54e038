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

{#-
    Null when `text` can land in a numeric column: blank, one of the file's `markers` (a SQL
    list of its published stand-ins for no value), or a plain number; else why not. Landing
    (src/total_place/landing.py renders this macro) quarantines the row; what lands, staging
    reads with published_number above.
-#}
{% macro published_number_problem(text, label, markers="('')") -%}
case
    when coalesce(trim({{ text }}), '') = '' or trim({{ text }}) in {{ markers }} then null
    when not regexp_full_match(trim({{ text }}), '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?') then
        '{{ label }} ''' || {{ text }} || ''' is not a number'
end
{%- endmacro %}
