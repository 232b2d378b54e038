{#- Fails with one row per combination of `columns` that occurs more than once. -#}
{% test unique_combination(model, columns) %}

with

counted as (

    select
        {{ columns | join(', ') }},
        count(*) as occurrences

    from {{ model }}
    group by {{ columns | join(', ') }}

)

select * from counted
where occurrences > 1

{% endtest %}
