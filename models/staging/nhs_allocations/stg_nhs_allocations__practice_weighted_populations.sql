{#-
    One row per GP practice and allocation year: NHS England's need-weighted populations of
    the practice's registered patients, with the district (2021 codes) the practice stands in.
    The allocation year is read from the file name (`2022_2023.csv` is 2022-23). The projected
    population is headed `pop 2022/23` in every file of this layout, whatever its year (the
    2023-24 and 2024-25 files hold their own year's projection under it): the header is the
    layout's name for the column, not the year of its values.
-#}
with

source as (

    select * from {{ source('nhs_allocations', 'nhs_allocations__practice_weighted_populations') }}

),

renamed as (

    select
        {{ dbt.split_part(dbt.split_part('_source_file', "'/'", -1), "'_'", 1) }}
        || '-'
        || substring({{ dbt.split_part(dbt.split_part('_source_file', "'/'", -1), "'_'", 2) }}, 3, 2)
            as allocation_year,
        upper(trim(practice_code)) as practice_code,
        trim(gp_practice_name) as practice_name,
        upper(trim(ccg21)) as sub_icb_code,
        upper(trim(ics22)) as icb_code,
        upper(trim(r22)) as nhs_region_code,
        upper(trim(lad21)) as district_code,
        trim(ltla21) as district_name,
        2021 as boundary_year,
        {{ published_number('patients') }} as registered_patients,
        {{ published_number('pop_2022_23') }} as projected_population,
        {{ published_number('g_a_wp') }} as general_and_acute_wp,
        {{ published_number('cs_wp') }} as community_services_wp,
        {{ published_number('mh_wp') }} as mental_health_wp,
        {{ published_number('mat_wp') }} as maternity_wp,
        {{ published_number('health_ineq_wp') }} as health_inequalities_wp,
        {{ published_number('prescr_wp') }} as prescribing_wp,
        {{ published_number('final_wp') }} as core_services_wp,
        {{ published_number('primary_medical_care_wp') }} as primary_medical_care_wp,
        {{ published_number('final_pmc_wp') }} as final_primary_medical_care_wp,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
