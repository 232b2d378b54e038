{#-
    The population of the band named by `band_name` (an apportionment driver or an indicator's
    denominator, e.g. 'population_65_plus'), read from the column of that name on `relation`;
    any other name reads `fallback` (the total population, unless told otherwise).
-#}
{% macro population_band(
    band_name,
    relation,
    bands=['population_0_17', 'population_16_64', 'population_65_plus'],
    fallback='population'
) -%}
{%- set whens = [] -%}
{%- for band in bands -%}
{%- do whens.append("when '" ~ band ~ "' then " ~ relation ~ "." ~ band) -%}
{%- endfor -%}
case {{ band_name }} {{ whens | join(' ') }} else {{ relation ~ '.' ~ fallback if fallback else 'null' }} end
{%- endmacro %}
