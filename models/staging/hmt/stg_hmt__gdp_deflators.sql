{#-
    HM Treasury's GDP deflators at market prices, one row per financial year and per calendar
    year of the workbook's two blocks, as published. The index columns are headed with their
    base ("GDP deflator at market prices 2018-19 = 100"), so they are found by that pattern and
    the base is read from the header, never written here; a base with a financial-year suffix
    heads the financial-year block. Forecast years print "-" for the index and give only the
    percentage change on the year before: the index stays null, is_forecast says so, and the
    chaining onto the last outturn is left to int_gdp_deflators_by_financial_year. The release
    (vintage) is the source table's meta in _hmt__sources.yml: the title rows that name it
    sit above the header and are not landed.
-#}
{%- set index_columns = {} -%}
{%- set vintage = [] -%}
{%- if execute and adapter.get_columns_in_relation is defined -%}
    {%- for column in adapter.get_columns_in_relation(source('hmt', 'hmt__gdp_deflators')) -%}
        {%- set base = modules.re.fullmatch('gdp_deflator_at_market_prices_([0-9]{4})(_[0-9]{2})?_100', column.name) -%}
        {%- if base -%}
            {%- do index_columns.update({
                ('financial year' if base.group(2) else 'calendar year'): {
                    'column': column.name,
                    'base': base.group(1) ~ (base.group(2) or '') | replace('_', '-') ~ ' = 100',
                }
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.source_name == 'hmt' and node.name == 'hmt__gdp_deflators' -%}
            {%- do vintage.append(node.meta.vintage) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set blocks = [
    {'kind': 'financial year', 'period': 'financial_year', 'change': 'per_cent_change_on_previous_year',
     'money_nsa': 'money_gdp_3_4_cash_million_non_season_ally_adjusted', 'money_sa': 'cash_million_seasonally_adjusted'},
    {'kind': 'calendar year', 'period': 'calendar_year', 'change': 'per_cent_change_on_previous_year_2',
     'money_nsa': 'money_gdp_3_cash_million_non_seasonally_adjusted', 'money_sa': none},
] -%}

with

source as (

    select * from {{ source('hmt', 'hmt__gdp_deflators') }}

),

unpivoted as (

    {% for block in blocks %}
    {%- set index = index_columns.get(block.kind, {'column': 'null', 'base': none}) %}
    select
        '{{ block.kind }}' as period_kind,
        trim({{ block.period }}) as published_period,
        -- Forecast years carry footnote markers: "2019-20 (1), (2)".
        trim({{ dbt.split_part('trim(' ~ block.period ~ ')', "' '", 1) }}) as period,
        {{ published_number('nullif(trim(' ~ index.column ~ "), '-')") }} as gdp_deflator_index,
        {{ "'" ~ index.base ~ "'" if index.base else 'null' }} as index_base,
        coalesce(trim({{ index.column }}) = '-', false) as is_forecast,
        {{ published_number(block.change) }} as percent_change_on_previous_year,
        {{ published_number(block.money_nsa) }} as money_gdp_gbp_million_nsa,
        {{ published_number(block.money_sa) if block.money_sa else 'cast(null as double)' }}
            as money_gdp_gbp_million_sa,
        {{ "'" ~ vintage[0] ~ "'" if vintage else 'cast(null as varchar)' }} as deflator_vintage,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from source
    -- Only the years: the footnote rows below the data that landed carry no year.
    where {{ regex_matches('trim(' ~ block.period ~ ')', '^[0-9]{4}') }}
    {% if not loop.last %}

    union all

    {% endif %}
    {%- endfor %}

)

select * from unpivoted
