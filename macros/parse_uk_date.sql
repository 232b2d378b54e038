{#-
    A date from a council's payment-date text, exactly or not at all: the one definition landing
    (src/total_place/landing.py renders these macros) and staging share. UK publishers write day
    before month; ISO dates and timestamps also occur. Each format is read only from text of
    its exact shape, so "1/6/19" is never year 19. Two-digit years are read only by a rule of
    the publisher's layout (`two_digit_year_century` in payment_layouts.yml, landed on every
    row): with century 20, "1/6/19" is 1 June 2019; without one the row is quarantined.
-#}
{#-
    Shapes and the format each is read with, `shape => format` separated by `;` (a macro that
    prints text, so that dbt and landing's plain Jinja call it alike).
-#}
{% macro uk_date_shapes() -%}
[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} => %d/%m/%Y;
[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} => %Y-%m-%d;
[0-9]{1,2}-[0-9]{1,2}-[0-9]{4} => %d-%m-%Y;
[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4} => %d.%m.%Y;
[0-9]{1,2}-[A-Za-z]{3}-[0-9]{4} => %d-%b-%Y;
[0-9]{1,2} [A-Za-z]{3} [0-9]{4} => %d %b %Y;
[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{2}:[0-9]{2} => %Y-%m-%d %H:%M:%S;
[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2} => %d/%m/%Y %H:%M:%S;
[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2} => %d/%m/%Y %H:%M;
[0-9]{4}-[0-9]{1,2} => %Y-%m
{%- endmacro %}

{#- Two-digit-year shapes, and the four-digit format each is read with once the century is put in. -#}
{% macro uk_two_digit_year_shapes() -%}
[0-9]{1,2}/[0-9]{1,2}/[0-9]{2} => %d/%m/%Y;
[0-9]{1,2}-[A-Za-z]{3}-[0-9]{2} => %d-%b-%Y
{%- endmacro %}


{#-
    "2015-11" is a month, read as its first day: some councils publish only the month
    (payment_date_is_month_only says which rows). A five-digit number is a spreadsheet's date
    exported as its serial day number (42032 is 28 January 2015): day 0 is 30 December 1899.
-#}
{% macro parse_uk_date(text, century='null') -%}
case
    when regexp_full_match(trim({{ text }}), '[0-9]{5}([.][0-9]+)?')
        then cast('1899-12-30' as date) + cast(floor(cast(trim({{ text }}) as double)) as integer)
{%- for entry in uk_date_shapes().split(';') %}
{%- set shape, date_format = entry.strip().split(' => ') %}
    when regexp_full_match(trim({{ text }}), '{{ shape }}')
        then cast(try_strptime(trim({{ text }}), '{{ date_format }}') as date)
{%- endfor %}
{%- for entry in uk_two_digit_year_shapes().split(';') %}
{%- set shape, date_format = entry.strip().split(' => ') %}
    when {{ century }} is not null and regexp_full_match(trim({{ text }}), '{{ shape }}')
        then cast(try_strptime(
            left(trim({{ text }}), length(trim({{ text }})) - 2)
            || cast({{ century }} as varchar)
            || right(trim({{ text }}), 2),
            '{{ date_format }}'
        ) as date)
{%- endfor %}
end
{%- endmacro %}

{#-
    Null when the text is blank or a date read exactly within the plausible years; else why it
    is not (prefixed by `label`). `parsed`: the text's parse_uk_date, where the caller has it.
    Four digits are read as written, but "01/06/0019" is a typing slip, not a payment of AD 19:
    it is refused by the year window, not guessed into 2019.
-#}
{% macro uk_date_is_month_only(text) -%}
regexp_full_match(trim({{ text }}), '[0-9]{4}-[0-9]{1,2}')
{%- endmacro %}

{% macro uk_date_problem(text, label, century='null', parsed=none, earliest_year=1990, latest_year=2099) -%}
{%- set date = parsed if parsed else parse_uk_date(text, century) -%}
case
    when coalesce(trim({{ text }}), '') = '' then null
    when extract(year from {{ date }}) between {{ earliest_year }} and {{ latest_year }} then null
    when {{ date }} is not null
        then '{{ label }} ''' || {{ text }} || ''' is outside {{ earliest_year }} to {{ latest_year }}, '
        || 'the years a payment can fall in'
{%- for entry in uk_two_digit_year_shapes().split(';') %}
{%- set shape, date_format = entry.strip().split(' => ') %}
    when {{ century }} is null and regexp_full_match(trim({{ text }}), '{{ shape }}')
        then '{{ label }} ''' || {{ text }} || ''' has a two-digit year; '
        || 'set two_digit_year_century for the publisher in payment_layouts.yml to read it'
{%- endfor %}
    else '{{ label }} ''' || {{ text }} || ''' is not a date'
end
{%- endmacro %}
