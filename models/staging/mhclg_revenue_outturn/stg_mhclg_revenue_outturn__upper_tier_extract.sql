{#-
    The BBC Data Unit's extract of selected RS lines and reserves for 152 upper-tier councils,
    one row per council, year label and line, in pounds. The file labels its years 2016 and
    2017 without saying which financial years they are, so the label is kept as published.
-#}
{%- set extract_lines = [
    (190, 'Education services', 'c_190_education_services'),
    (290, 'Highways and transport services', 'c_290_highways_and_transport_services'),
    (330, 'Children social care', 'c_330_children_social_care'),
    (360, 'Adult social care', 'c_360_adult_social_care'),
    (390, 'Public health', 'c_390_public_health'),
    (490, 'Housing services (GFRA only)', 'c_490_housing_services_gfra_only'),
    (509, 'Cultural and related services', 'c_509_cultural_and_related_services'),
    (590, 'Environmental and regulatory services', 'c_590_environmental_and_regulatory_services'),
    (599, 'Planning and development services', 'c_599_planning_and_development_services'),
    (765, 'Capital expenditure charged to revenue (excluding public health)', 'c_765_capital_expenditure_charged_to_the_gf_revenue_account_cera_exclude_public_health'),
    (766, 'Capital expenditure charged to revenue (public health)', 'c_766_capital_expenditure_charged_to_the_gf_revenue_account_cera_public_health'),
    (none, 'School reserves at 1 April', 'school_reserves_at_1_april'),
    (none, 'Public health reserves at 1 April', 'public_health_reserves_at_1_april'),
    (none, 'Other earmarked reserves at 1 April', 'other_earmarked_reserves_at_1_april'),
    (none, 'Unallocated financial reserves at 1 April', 'unallocated_financial_reserves_at_1_april'),
    (none, 'Housing Revenue Account reserves at 1 April', 'housing_revenue_account_hra_reserves_at_1_april'),
] -%}

with

source as (

    select * from {{ source('mhclg_revenue_outturn', 'revenue_outturn__roall') }}

),

unpivoted as (

    {% for code, name, column in extract_lines %}
    select
        trim(year) as year_label,
        upper(trim(e_code)) as mhclg_ecode,
        upper(trim(ons_code)) as ons_code,
        trim(local_authority) as authority_name,
        trim(class) as authority_class,
        {{ code if code is not none else 'cast(null as integer)' }} as line_code,
        '{{ name }}' as line_name,
        trim({{ column }}) as published_value,
        round({{ published_number(column) }} * 1000, 2) as amount_gbp,
        _source_file as source_file,
        _row_number as source_row_number

    from source
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unpivoted
