{#-
    The first rule of a `patterns` seed (lowest `priority`) that matches each row of
    `descriptions`: a rule names the `field` it reads and a SQL LIKE `pattern` over its
    lower-cased value (or of two joined, combined_fields), and applies to every council or, with a `publisher_code`, to one. Rows
    no rule matches are left out (the caller's left join makes them unclassified). `key`: the
    columns that identify a row of `descriptions`, `fields` those a rule may read; every one
    holds '' rather than null. Portable SQL: LIKE, no regular expressions, no qualify.
-#}
{#-
    Fields a rule may read that join two published ones, "area / division": a rule for every
    council reads what each council gives, where one publishes a directorate and its service
    (or an expense type and its detail) and another only the first. Declared in
    dbt_project.yml's vars (payment_combined_fields), which the benchmark's floor reads too.
-#}
{% macro combined_fields() -%}
{{ return(var('payment_combined_fields')) }}
{%- endmacro %}

{% macro first_matching_pattern(descriptions, patterns, key, fields, label_column) %}
{%- set key_columns = key | join(', ') -%}
{%- set qualified_key = descriptions ~ '.' ~ (key | join(', ' ~ descriptions ~ '.')) -%}
{%- set field_value -%}
case {{ patterns }}.field
{%- for field in fields %} when '{{ field }}' then {{ descriptions }}.{{ field }}{% endfor %}
{%- for field, parts in combined_fields().items() %}
    when '{{ field }}' then {{ descriptions }}.{{ parts | join(" || '" ~ (var('payment_combined_fields_separator') | replace("'", "''")) ~ "' || " ~ descriptions ~ ".") }}
{%- endfor %} end
{%- endset -%}
select
    {{ key_columns }},
    {{ label_column }},
    rule
from (
    select
        {{ qualified_key }},
        {{ patterns }}.{{ label_column }},
        {{ patterns }}.field || ' like ' || {{ patterns }}.pattern
        || coalesce(' (' || {{ patterns }}.publisher_code || ')', '') as rule,
        row_number() over (
            partition by {{ qualified_key }}
            order by {{ patterns }}.priority
        ) as match_rank
    from {{ descriptions }}
    inner join {{ patterns }}
        on
            ({{ patterns }}.publisher_code is null or {{ patterns }}.publisher_code = {{ descriptions }}.publisher_code)
            and lower({{ field_value }}) like {{ patterns }}.pattern
) as ranked
where match_rank = 1
{% endmacro %}
