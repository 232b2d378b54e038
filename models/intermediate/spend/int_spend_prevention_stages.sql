{{ config(materialized='table') }}
{#-
    Every placed amount of the count (int_spend_apportioned: one source amount's part in one
    district) split over the stages of the prevention spectrum by its line's shares
    (prevention_spectrum; a CRA subfunction without rows of its own takes its function's), to
    the penny: each stage gets the whole pennies of its exact share and the pennies left over
    go one each to the stages with the largest fractions (ties to the earlier stage), so a
    row's stage amounts add back to the row exactly. A line the spectrum does not classify
    keeps its whole amount in one row with a null stage, so what is unclassified is counted,
    never dropped.
-#}

with

spend_apportioned as (

    select * from {{ ref('int_spend_apportioned') }}

),

prevention_spectrum as (

    select * from {{ ref('prevention_spectrum') }}

),

prevention_stages as (

    select * from {{ ref('prevention_stages') }}

),

spectrum_keys as (

    select distinct
        source,
        line_key

    from prevention_spectrum

),

keyed as (

    -- The most specific key wins: the line itself, else (CRA) its COFOG function.
    select
        spend_apportioned.*,
        coalesce(by_line.line_key, by_function.line_key) as spectrum_line_key

    from spend_apportioned
    left join spectrum_keys as by_line
        on
            spend_apportioned.source = by_line.source
            and spend_apportioned.service_line_code = by_line.line_key
    left join spectrum_keys as by_function
        on
            spend_apportioned.source = by_function.source
            and {{ dbt.split_part('spend_apportioned.service_line_code', "'.'", 1) }} = by_function.line_key

),

staged as (

    select
        keyed.*,
        prevention_spectrum.stage,
        prevention_stages.stage_order,
        prevention_stages.is_prevention,
        prevention_spectrum.share as stage_share,
        keyed.allocated_pennies * coalesce(prevention_spectrum.share, 1) as stage_exact_pennies,
        floor(keyed.allocated_pennies * coalesce(prevention_spectrum.share, 1)) as stage_floor_pennies

    from keyed
    left join prevention_spectrum
        on
            keyed.source = prevention_spectrum.source
            and keyed.spectrum_line_key = prevention_spectrum.line_key
    left join prevention_stages
        on prevention_spectrum.stage = prevention_stages.stage

),

remainders as (

    select
        *,
        allocated_pennies - sum(stage_floor_pennies) over (
            partition by source, source_row_key, original_district_code
        ) as stage_pennies_left,
        row_number() over (
            partition by source, source_row_key, original_district_code
            order by stage_exact_pennies - stage_floor_pennies desc, stage_order asc
        ) as stage_remainder_rank

    from staged

),

final as (

    select
        source,
        source_row_key,
        financial_year,
        district_code,
        original_district_code,
        spending_body_code,
        body_kind,
        service_line_code,
        capital_or_current,
        spectrum_line_key,
        stage is not null as is_classified,
        stage,
        stage_order,
        is_prevention,
        stage_share,
        allocated_pennies,
        cast(
            stage_floor_pennies + case when stage_remainder_rank <= stage_pennies_left then 1 else 0 end as bigint
        ) as stage_pennies

    from remainders

)

select * from final
