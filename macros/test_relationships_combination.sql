{#-
    Every combination of `columns` in the model (none of them null) is a combination of
    `fields` in `to`, pairwise: a relationships test on a key of several columns (a district
    code is only meaningful with its vintage). Returns the combinations that are not.
-#}
{% test relationships_combination(model, columns, to, fields) %}

with

child as (

    select distinct {{ columns | join(', ') }}
    from {{ model }}
    where {{ columns | join(' is not null and ') }} is not null

),

parent as (

    select distinct {{ fields | join(', ') }}
    from {{ to }}

)

select child.*
from child
left join parent
    on {% for column in columns %}child.{{ column }} = parent.{{ fields[loop.index0] }}{% if not loop.last %} and {% endif %}{% endfor %}
where parent.{{ fields[0] }} is null

{% endtest %}
