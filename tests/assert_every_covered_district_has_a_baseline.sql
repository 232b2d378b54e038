{#-
    Every district has a baseline row for every indicator that covers it (a value in any
    period, its own or its upper tier's), and the implausible Greater Manchester children in
    care value of 2011 (8.7 against 81.9 in 2012) is flagged as a series break.
-#}

with

outcome_baseline as (

    select * from {{ ref('fct_outcome_baseline') }}

),

series_checked as (

    select * from {{ ref('int_fingertips_series_checked') }}

),

covered as (

    select distinct
        indicator_id,
        sex,
        district_code

    from outcome_baseline

),

baselined as (

    select distinct
        indicator_id,
        sex,
        district_code

    from outcome_baseline
    where is_baseline_period

),

missing_baselines as (

    select covered.indicator_id || ' ' || covered.sex || ' ' || covered.district_code as problem

    from covered
    left join baselined
        on
            covered.indicator_id = baselined.indicator_id
            and covered.sex = baselined.sex
            and covered.district_code = baselined.district_code
    where baselined.district_code is null

),

greater_manchester_flags as (

    select count(*) as flagged_values

    from series_checked
    where
        area_code = 'E47000001'
        and period = '2011'
        and indicator_name like 'Children in care%'
        and is_series_break

),

greater_manchester_break as (

    select 'Greater Manchester 2011 children in care not flagged' as problem

    from greater_manchester_flags
    where flagged_values = 0

)

select * from missing_baselines
union all
select * from greater_manchester_break
