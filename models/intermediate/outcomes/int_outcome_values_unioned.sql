{#-
    Every outcome value for a 2023 district, whatever its source, in one shape: Fingertips
    indicators (attached to districts), population structure (with counts) and the IMD 2019
    domains. The indicator catalogue names each indicator; a new Fingertips extract in the same
    long format reaches here with only a catalogue entry.
-#}

with

fingertips_placed as (

    select * from {{ ref('int_fingertips_values_placed') }}

),

fingertips_series as (

    select * from {{ ref('int_fingertips_series_checked') }}
    where area_code = '{{ var("england_code") }}'

),

population_structure as (

    select * from {{ ref('int_population_structure_indicators') }}

),

deprivation as (

    select * from {{ ref('int_district_deprivation_restated') }}

),

indicator_catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

fingertips as (

    select
        indicator_catalogue.indicator_id,
        fingertips_placed.district_code,
        fingertips_placed.period,
        fingertips_placed.period_start_year,
        fingertips_placed.sex,
        fingertips_placed.indicator_value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as dsr_variance,
        fingertips_placed.is_value_missing,
        fingertips_placed.is_series_break,
        fingertips_placed.geography_basis,
        fingertips_placed.source_area_code,
        fingertips_placed.significance_to_england,
        england.indicator_value as england_value

    from fingertips_placed
    inner join indicator_catalogue
        on fingertips_placed.indicator_name = indicator_catalogue.indicator_name
    left join fingertips_series as england
        on
            fingertips_placed.indicator_name = england.indicator_name
            and fingertips_placed.period = england.period
            and fingertips_placed.sex = england.sex

),

population as (

    select
        population_structure.indicator_id,
        population_structure.district_code,
        population_structure.period,
        population_structure.period_start_year,
        'Persons' as sex,
        population_structure.numerator / population_structure.denominator * indicator_catalogue.multiplier
            as indicator_value,
        population_structure.numerator,
        population_structure.denominator,
        cast(null as double) as dsr_variance,
        false as is_value_missing,
        false as is_series_break,
        'district' as geography_basis,
        population_structure.district_code as source_area_code,
        cast(null as varchar) as significance_to_england,
        england.numerator / england.denominator * indicator_catalogue.multiplier as england_value

    from population_structure
    inner join indicator_catalogue
        on population_structure.indicator_id = indicator_catalogue.indicator_id
    inner join population_structure as england
        on
            population_structure.indicator_id = england.indicator_id
            and population_structure.period = england.period
            and england.district_code = '{{ var("england_code") }}'
    where population_structure.district_code <> '{{ var("england_code") }}'

),

imd as (

    select
        indicator_catalogue.indicator_id,
        deprivation.district_code,
        '2019' as period,
        2019 as period_start_year,
        'Persons' as sex,
        deprivation.average_score as indicator_value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as dsr_variance,
        false as is_value_missing,
        false as is_series_break,
        'district' as geography_basis,
        deprivation.district_code as source_area_code,
        cast(null as varchar) as significance_to_england,
        -- File 10 publishes no England average for districts.
        cast(null as double) as england_value

    from deprivation
    inner join indicator_catalogue
        on
            deprivation.deprivation_domain = indicator_catalogue.indicator_name
            and indicator_catalogue.source = 'deprivation'

),

final as (

    select * from fingertips
    union all
    select * from population
    union all
    select * from imd

)

select * from final
