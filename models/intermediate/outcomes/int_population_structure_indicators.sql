{#-
    Population-structure indicators for each 2023 district and England, mid-2019 and mid-2020,
    with their counts, so confidence limits can be computed: the share of residents under 18,
    the share 65 and over, and the dependency ratio (under 16 and 65+ per 100 aged 16 to 64).
    Also the denominators the disclosure check uses to turn published rates back into counts.
-#}

with

population_restated as (

    select * from {{ ref('int_district_population_restated') }}

),

bands as (

    select
        mid_year,
        district_code,
        sum(population) as population,
        sum(case when age < 16 then population else 0 end) as population_0_15,
        sum(case when age < 18 then population else 0 end) as population_0_17,
        sum(case when age between 16 and 64 then population else 0 end) as population_16_64,
        sum(case when age >= 16 then population else 0 end) as population_16_plus,
        sum(case when age >= 65 then population else 0 end) as population_65_plus,
        sum(case when age between 10 and 24 then population else 0 end) as population_10_24,
        sum(case when age = 5 then population else 0 end) as population_age_5,
        sum(case when age = 10 then population else 0 end) as population_age_10

    from population_restated
    group by 1, 2

),

with_england as (

    select * from bands

    union all

    select
        mid_year,
        '{{ var("england_code") }}' as district_code,
        sum(population) as population,
        sum(population_0_15) as population_0_15,
        sum(population_0_17) as population_0_17,
        sum(population_16_64) as population_16_64,
        sum(population_16_plus) as population_16_plus,
        sum(population_65_plus) as population_65_plus,
        sum(population_10_24) as population_10_24,
        sum(population_age_5) as population_age_5,
        sum(population_age_10) as population_age_10

    from bands
    group by 1

),

indicators as (

    select
        'share_aged_under_18' as indicator_id,
        mid_year,
        district_code,
        population_0_17 as numerator,
        population as denominator

    from with_england

    union all

    select
        'share_aged_65_plus' as indicator_id,
        mid_year,
        district_code,
        population_65_plus as numerator,
        population as denominator

    from with_england

    union all

    select
        'dependency_ratio' as indicator_id,
        mid_year,
        district_code,
        population_0_15 + population_65_plus as numerator,
        population_16_64 as denominator

    from with_england

),

final as (

    select
        indicators.indicator_id,
        indicators.district_code,
        cast(indicators.mid_year as varchar) as period,
        indicators.mid_year as period_start_year,
        indicators.numerator,
        indicators.denominator,
        with_england.population,
        with_england.population_0_15,
        with_england.population_0_17,
        with_england.population_16_64,
        with_england.population_16_plus,
        with_england.population_65_plus,
        with_england.population_10_24,
        with_england.population_age_5,
        with_england.population_age_10

    from indicators
    inner join with_england
        on
            indicators.mid_year = with_england.mid_year
            and indicators.district_code = with_england.district_code

)

select * from final
