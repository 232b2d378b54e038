{#- The UK financial year (April to March) of a month "yyyy-mm": 2021-03 is in 2020-21, 2021-04 in 2021-22. -#}
{% macro financial_year_of_month(month) -%}
case
    when cast(right({{ month }}, 2) as integer) >= 4
        then left({{ month }}, 4) || '-'
        || right(cast(cast(left({{ month }}, 4) as integer) + 1 as {{ dbt.type_string() }}), 2)
    else cast(cast(left({{ month }}, 4) as integer) - 1 as {{ dbt.type_string() }}) || '-'
        || right(left({{ month }}, 4), 2)
end
{%- endmacro %}
