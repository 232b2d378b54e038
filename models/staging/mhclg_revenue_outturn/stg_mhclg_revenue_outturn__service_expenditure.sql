{#-
    Net current expenditure by service line, one row per authority, year and line, in pounds.
    The workbooks name their columns differently (2017-18 puts the RS line code above the
    name, 2014-15 has names only), so each year lists its own column for each line.
    Lines 190-698 are services and 711-714 the mandatory housing benefits councils pay;
    699 is the services' total and 749 net current expenditure (which also holds levies and
    trading accounts, transfers between bodies that are not taken line by line here).
    Besides authorities, each sheet has an ENGLAND total and subtotals by class of authority,
    kept and marked by `row_kind` so they can be reconciled against, never summed with.
-#}
{%- set service_lines = [
    (190, 'Education services', 'education_services', 'c_190_education_services'),
    (290, 'Highways and transport services', 'highways_and_transport_services', 'c_290_highways_and_transport_services'),
    (330, 'Children social care', 'children_social_care', 'c_330_children_social_care'),
    (360, 'Adult social care', 'adult_social_care', 'c_360_adult_social_care'),
    (390, 'Public health', 'public_health', 'c_390_public_health'),
    (490, 'Housing services (GFRA only)', 'housing_services_gfra_only', 'c_490_housing_services_gfra_only'),
    (509, 'Cultural and related services', 'cultural_and_related_services', 'c_509_cultural_and_related_services'),
    (590, 'Environmental and regulatory services', 'environmental_and_regulatory_services', 'c_590_environmental_and_regulatory_services'),
    (599, 'Planning and development services', 'planning_and_development_services', 'c_599_planning_and_development_services'),
    (601, 'Police services', 'police_services', 'c_601_police_services'),
    (602, 'Fire and rescue services', 'fire_and_rescue_services', 'c_602_fire_and_rescue_services'),
    (690, 'Central services', 'central_services', 'c_690_central_services'),
    (698, 'Other services', 'other_services', 'c_698_other_services'),
    (711, 'Housing benefits: rent allowances', 'housing_benefits_rent_allowances_mandatory_payments', 'c_711_housing_benefits_rent_allowances_mandatory_payments'),
    (712, 'Housing benefits: non-HRA rent rebates', 'housing_benefits_non_hra_rent_rebates_mandatory_payments', 'c_712_housing_benefits_non_hra_rent_rebates_mandatory_payments'),
    (713, 'Housing benefits: rent rebates to HRA tenants', 'housing_benefits_rent_rebates_to_hra_tenants_mandatory_payments', 'c_713_housing_benefits_rent_rebates_to_hra_tenants_mandatory_payments'),
    (714, 'Housing benefits: subsidy limitation transfers from HRA', 'housing_benefits_subsidy_limitation_transfers_from_hra', 'c_714_housing_benefits_subsidy_limitation_transfers_from_hra'),
    (699, 'Total service expenditure', 'total_service_expenditure_total_of_lines_190_to_698', 'c_699_total_service_expenditure_total_of_lines_190_to_698'),
    (749, 'Net current expenditure', 'net_current_expenditure_total_of_lines_699to748', 'c_749_net_current_expenditure'),
] -%}
{%- set workbooks = [
    {'cte': 'rs_2014_15', 'table': 'revenue_outturn__rs_2014_15', 'financial_year': '2014-15', 'boundary_year': 2014, 'column': 2},
    {'cte': 'rs_2017_18', 'table': 'revenue_outturn__rs_2017_18', 'financial_year': '2017-18', 'boundary_year': 2017, 'column': 3},
] -%}

with

{% for workbook in workbooks %}
{{ workbook.cte }} as (

    select * from {{ source('mhclg_revenue_outturn', workbook.table) }}

),

{% endfor %}
unpivoted as (

    {% for workbook in workbooks %}
    {%- set workbook_loop = loop %}
    {%- for code, name, column_2014_15, column_2017_18 in service_lines %}
    {%- set line_kind = 'service' if code <= 698 else ('housing benefit' if 711 <= code <= 714 else 'total') %}
    select
        '{{ workbook.financial_year }}' as financial_year,
        {{ workbook.boundary_year }} as boundary_year,
        nullif(upper(trim(e_code)), '') as mhclg_ecode,
        nullif(upper(trim(ons_code)), '') as ons_code,
        trim(local_authority) as authority_name,
        nullif(trim(class), '') as authority_class,
        case
            when {{ regex_matches('upper(trim(e_code))', '^E[0-9]{4}$') }} then 'authority'
            when upper(trim(local_authority)) = 'ENGLAND' then 'england total'
            when
                upper(trim(local_authority)) in (
                    'LONDON BOROUGHS', 'METROPOLITAN DISTRICTS', 'UNITARY AUTHORITIES',
                    'SHIRE COUNTIES', 'SHIRE DISTRICTS', 'OTHER AUTHORITIES'
                )
                then 'class subtotal'
            else 'note'
        end as row_kind,
        {{ code }} as service_line_code,
        '{{ name }}' as service_line_name,
        '{{ line_kind }}' as line_kind,
        {%- set column = column_2014_15 if workbook.column == 2 else column_2017_18 %}
        trim({{ column }}) as published_value,
        round({{ published_number(column) }} * 1000, 2) as net_current_expenditure_gbp,
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number

    from {{ workbook.cte }}
    {% if not (workbook_loop.last and loop.last) %}union all{% endif %}
    {% endfor %}
    {%- endfor %}

),

final as (

    select * from unpivoted
    -- Headings and links among the totals ("CLASS BREAKDOWN", a URL) hold no values.
    where row_kind <> 'note'

)

select * from final
