{#-
    Each distinct value of `column` in `relation`, labelled by the first row of the `patterns`
    seed (lowest `priority`) whose SQL LIKE `pattern_column` matches the lower-cased value;
    `label_column` of that row, or 'unclassified' (with is_classified false) when none does.
    A null value is classified as the empty string. Portable SQL: LIKE, no regular expressions.
-#}
{% macro classify_by_patterns(relation, column, patterns, pattern_column, label_column) %}

with

observed as (

    select distinct coalesce({{ column }}, '') as {{ column }}
    from {{ relation }}

),

patterns as (

    select * from {{ patterns }}

),

matched as (

    select
        observed.{{ column }},
        patterns.{{ label_column }},
        row_number() over (
            partition by observed.{{ column }}
            order by patterns.priority
        ) as match_rank

    from observed
    inner join patterns
        on lower(observed.{{ column }}) like patterns.{{ pattern_column }}

),

final as (

    select
        observed.{{ column }},
        coalesce(matched.{{ label_column }}, 'unclassified') as {{ label_column }},
        matched.{{ label_column }} is not null as is_classified

    from observed
    left join matched
        on
            observed.{{ column }} = matched.{{ column }}
            and matched.match_rank = 1

)

select * from final

{% endmacro %}
