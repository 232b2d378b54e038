{#- Fails (returning the actual count) unless the model has exactly `expected` rows. -#}
{% test row_count(model, expected) %}

with

counted as (

    select count(*) as actual_rows from {{ model }}

)

select * from counted
where actual_rows <> {{ expected }}

{% endtest %}
