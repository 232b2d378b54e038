{#-
    One row per district of the reporting boundary and need driver: a count of people or
    households that spreads spend over places by need rather than headcount (seeds/need_drivers.csv
    says which spend each suits). Every driver is one snapshot, chosen in the seed's `snapshot`
    column (the allocation year, the month, the financial year, the IoD edition), used for
    every financial year.

    - nhs_need_weighted_population: NHS England's core-services weighted population (Final WP)
      of every GP practice, summed to the 2021 district the practice stands in, then to the
      reporting district (a practice's patients are counted where the practice is).
    - nhs_need_weighted_residents: the same practices' need index (Final WP over projected
      registered population) times the district's mid-2019 resident population: registered
      lists run from 0.77 to 1.82 times the resident population of a district, because
      practices' catchments cross district borders (and lists are inflated in cities).
    - universal_credit_households, children_in_low_income_families: DWP's count for each
      authority Stat-Xplore names, matched to a code by int_dwp_authority_names_matched.
    - income_deprived_people, employment_deprived_people: IMD 2019's scale counts of the 2019
      district.
    Each source's areas are mapped to the reporting district they are or became part of; a
    reporting district formed by merging them is the sum of their counts, and `basis` names
    them. The spine is every reporting district times every driver of the seed, so a district
    a source misses keeps a null weight, which the not_null test refuses.
-#}

with

need_drivers as (

    select * from {{ ref('need_drivers') }}

),

reporting_districts as (

    select * from {{ ref('int_reporting_districts') }}

),

district_codes as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

district_populations as (

    select * from {{ ref('int_district_populations_by_vintage') }}
    where boundary_year = {{ var('reporting_boundary_year') }}

),

practice_weighted_populations as (

    select * from {{ ref('stg_nhs_allocations__practice_weighted_populations') }}

),

households_on_universal_credit as (

    select * from {{ ref('stg_dwp_stat_xplore__households_on_universal_credit') }}
    where row_kind = 'local authority'

),

children_in_low_income_families as (

    select * from {{ ref('stg_dwp_stat_xplore__children_in_low_income_families') }}
    where row_kind = 'local authority'

),

authority_names_matched as (

    select * from {{ ref('int_dwp_authority_names_matched') }}

),

domain_summaries as (

    select * from {{ ref('stg_mhclg_imd2019__district_domain_summaries') }}
    where deprived_people is not null

),

nhs_by_source_district as (

    select
        'nhs_need_weighted_population' as driver,
        district_codes.district_code_2023 as district_code,
        cast(practice_weighted_populations.boundary_year as {{ dbt.type_string() }}) || ' district'
            as source_area_kind,
        max(district_codes.district_name) as source_area_name,
        sum(practice_weighted_populations.core_services_wp) as driver_weight,
        count(*) as source_unit_count,
        sum(practice_weighted_populations.projected_population) as registered_population

    from practice_weighted_populations
    inner join need_drivers
        on
            need_drivers.driver = 'nhs_need_weighted_population'
            and practice_weighted_populations.allocation_year = need_drivers.snapshot
    inner join district_codes
        on
            practice_weighted_populations.district_code = district_codes.district_code
            and practice_weighted_populations.boundary_year = district_codes.boundary_year
    group by
        district_codes.district_code_2023,
        practice_weighted_populations.boundary_year,
        practice_weighted_populations.district_code

),

universal_credit_by_source_district as (

    select
        'universal_credit_households' as driver,
        authority_names_matched.district_code,
        'Stat-Xplore authority' as source_area_kind,
        households_on_universal_credit.authority_name as source_area_name,
        cast(households_on_universal_credit.households as double) as driver_weight,
        1 as source_unit_count,
        cast(null as double) as registered_population

    from households_on_universal_credit
    inner join need_drivers
        on
            need_drivers.driver = 'universal_credit_households'
            and cast(households_on_universal_credit.month_start as {{ dbt.type_string() }})
            = need_drivers.snapshot || '-01'
    inner join authority_names_matched
        on households_on_universal_credit.authority_name = authority_names_matched.authority_name
    where authority_names_matched.district_code is not null

),

children_by_source_district as (

    select
        'children_in_low_income_families' as driver,
        authority_names_matched.district_code,
        'Stat-Xplore authority' as source_area_kind,
        children_in_low_income_families.authority_name as source_area_name,
        cast(children_in_low_income_families.children as double) as driver_weight,
        1 as source_unit_count,
        cast(null as double) as registered_population

    from children_in_low_income_families
    inner join need_drivers
        on
            need_drivers.driver = 'children_in_low_income_families'
            and children_in_low_income_families.financial_year = need_drivers.snapshot
    inner join authority_names_matched
        on children_in_low_income_families.authority_name = authority_names_matched.authority_name
    where authority_names_matched.district_code is not null

),

deprived_by_source_district as (

    select
        case domain_summaries.deprivation_domain
            when 'Income' then 'income_deprived_people'
            when 'Employment' then 'employment_deprived_people'
        end as driver,
        district_codes.district_code_2023 as district_code,
        cast(domain_summaries.boundary_year as {{ dbt.type_string() }}) || ' district' as source_area_kind,
        domain_summaries.district_name as source_area_name,
        domain_summaries.deprived_people as driver_weight,
        1 as source_unit_count,
        cast(null as double) as registered_population

    from domain_summaries
    inner join district_codes
        on
            domain_summaries.district_code = district_codes.district_code
            and domain_summaries.boundary_year = district_codes.boundary_year

),

by_source_district as (

    select * from nhs_by_source_district
    union all
    select * from universal_credit_by_source_district
    union all
    select * from children_by_source_district
    union all
    select * from deprived_by_source_district

),

by_reporting_district as (

    select
        driver,
        district_code,
        max(source_area_kind) as source_area_kind,
        sum(driver_weight) as driver_weight,
        count(*) as source_district_count,
        {{ dbt.listagg('source_area_name', "', '", 'order by source_area_name') }} as source_district_names,
        sum(source_unit_count) as source_unit_count,
        sum(registered_population) as registered_population

    from by_source_district
    group by driver, district_code

),

nhs_need_weighted_residents as (

    -- The need index of the practices standing in the district (weighted over registered
    -- population) applied to the people living there: NHS England's need without the
    -- practices' catchments crossing district borders.
    select
        'nhs_need_weighted_residents' as driver,
        by_reporting_district.district_code,
        by_reporting_district.source_area_kind,
        district_populations.population * by_reporting_district.driver_weight
        / by_reporting_district.registered_population as driver_weight,
        by_reporting_district.source_district_count,
        by_reporting_district.source_district_names,
        by_reporting_district.source_unit_count,
        by_reporting_district.registered_population

    from by_reporting_district
    inner join district_populations
        on by_reporting_district.district_code = district_populations.district_code
    where by_reporting_district.driver = 'nhs_need_weighted_population'

),

all_drivers as (

    select * from by_reporting_district
    union all
    select * from nhs_need_weighted_residents

),

final as (

    select
        reporting_districts.district_code,
        need_drivers.driver,
        all_drivers.driver_weight,
        need_drivers.unit,
        need_drivers.basis_period,
        case need_drivers.driver
            when 'nhs_need_weighted_population'
                then cast(all_drivers.source_unit_count as {{ dbt.type_string() }})
                    || ' GP practices'' Final WP summed to the ' || all_drivers.source_area_kind
                    || ' they stand in'
            when 'nhs_need_weighted_residents'
                then 'mid-2019 resident population x the need index'
                    || ' (Final WP / projected registered population) of the '
                    || cast(all_drivers.source_unit_count as {{ dbt.type_string() }})
                    || ' GP practices standing in the ' || all_drivers.source_area_kind
            when 'income_deprived_people'
                then 'the ' || all_drivers.source_area_kind || '''s scale count as published'
            when 'employment_deprived_people'
                then 'the ' || all_drivers.source_area_kind || '''s scale count as published'
            else 'the count of the ' || all_drivers.source_area_kind || ', matched by name'
        end
        || case
            when all_drivers.source_district_count > 1
                then '; merged since: the sum of its '
                    || cast(all_drivers.source_district_count as {{ dbt.type_string() }})
                    || ' parts in the source (' || all_drivers.source_district_names || ')'
            else ''
        end as basis,
        need_drivers.source,
        all_drivers.source_district_count

    from reporting_districts
    cross join need_drivers
    left join all_drivers
        on
            reporting_districts.district_code = all_drivers.district_code
            and need_drivers.driver = all_drivers.driver

)

select * from final
