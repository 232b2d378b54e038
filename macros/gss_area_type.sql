{#- The kind of area an ONS GSS code names, from its three-character entity prefix. -#}
{% macro gss_area_type(code) %}
case left({{ code }}, 3)
    when 'E92' then 'country'
    when 'E12' then 'region'
    when 'E47' then 'combined authority'
    when 'E10' then 'county'
    when 'E11' then 'metropolitan county'
    when 'E13' then 'inner or outer London'
    when 'E06' then 'unitary authority'
    when 'E07' then 'shire district'
    when 'E08' then 'metropolitan district'
    when 'E09' then 'london borough'
    when 'E23' then 'police force area'
    when 'E31' then 'fire and rescue authority'
    when 'E38' then 'clinical commissioning group'
    when 'E54' then 'integrated care board'
    when 'W06' then 'welsh unitary authority'
    else 'other'
end
{% endmacro %}
