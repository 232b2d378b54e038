{#-
    Confidence limits by the methods OHID Fingertips publishes (Public Health England,
    "Technical Guide: Confidence Intervals", 2018). `z` is 1.959963985 for 95% limits and
    3.090232306 for 99.8%.
-#}

{#- Wilson score limits of a proportion x / n, as a proportion (0 to 1). -#}
{% macro wilson_limit(x, n, z, side) -%}
{%- set sign = '-' if side == 'lower' else '+' -%}
(
    (2 * {{ x }} + {{ z }} * {{ z }} {{ sign }} {{ z }} * sqrt({{ z }} * {{ z }} + 4 * {{ x }} * (1 - {{ x }} / {{ n }})))
    / (2 * ({{ n }} + {{ z }} * {{ z }}))
)
{%- endmacro %}

{#- Byar's approximation to the exact Poisson limits of a count O. -#}
{% macro byar_limit(o, z, side) -%}
{%- if side == 'lower' -%}
case
    when {{ o }} = 0 then 0
    else {{ o }} * power(1 - 1 / (9 * {{ o }}) - {{ z }} / (3 * sqrt({{ o }})), 3)
end
{%- else -%}
({{ o }} + 1) * power(1 - 1 / (9 * ({{ o }} + 1)) + {{ z }} / (3 * sqrt({{ o }} + 1)), 3)
{%- endif -%}
{%- endmacro %}

{#- Dobson's limits of a directly standardised rate, from its count O, its variance and Byar's limits for O. -#}
{% macro dobson_limit(dsr, o, dsr_variance, z, side) -%}
({{ dsr }} + sqrt({{ dsr_variance }} / {{ o }}) * ({{ byar_limit(o, z, side) }} - {{ o }}))
{%- endmacro %}
