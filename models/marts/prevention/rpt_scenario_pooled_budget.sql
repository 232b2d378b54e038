{#-
    A pooled prevention budget, as a scenario (var `scenario`, from a file `total-place
    scenario` validated): from the base year, each contributing partner (kind of body) moves
    `shift_per_year` of its spend at `from_stage` on each contributing line, cumulatively
    (year k moves k times the shift of the base-year amount), into a pooled budget split over
    the pooled themes and target stages by the scenario's shares. Four sections per place:
    contribution (who contributes what each year), pooled budget (by theme and stage),
    spectrum (the place's whole count by stage, before and after each year) and outcome (the
    baseline of the indicators the pooled themes target, with England and peer gaps). No
    effect sizes are invented: outcomes are the baseline to be moved, not a forecast. Amounts
    are in pennies to the end; every split is by largest remainder, so the pooled budget
    equals the contributions and the spectrum after equals the spectrum before, exactly.
-#}
{%- set scenario = scenario_var() -%}

with

spend_prevention_stages as (

    select * from {{ ref('int_spend_prevention_stages') }}

),

places as (

    select * from {{ ref('dim_place') }}

),

total_place_pilots as (

    select * from {{ ref('total_place_pilots') }}

),

areas_mapped_to_districts as (

    select * from {{ ref('int_areas_mapped_to_districts') }}

),

outcome_baseline as (

    select * from {{ ref('fct_outcome_baseline') }}
    where is_baseline_period and sex = 'Persons'

),

prevention_stages as (

    select * from {{ ref('prevention_stages') }}

),

scenario_places as (

    {% for place in scenario['places'] %}
    select {{ sql_quoted(place) }} as place_name
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

contributors as (

    {% for contributor in scenario['contributors'] %}
    select
        {{ sql_quoted(contributor['partner']) }} as partner,
        {{ sql_quoted(contributor['source']) }} as source,
        {{ sql_quoted(contributor['line']) }} as line_key
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

pooled_shares as (

    {% for theme, theme_share in scenario['pooled_themes'].items() %}
    {% set theme_loop = loop %}
    {% for stage, stage_share in scenario['to_stages'].items() %}
    select
        {{ sql_quoted(theme) }} as theme,
        {{ sql_quoted(stage) }} as stage,
        cast({{ theme_share }} as decimal(9, 6)) * cast({{ stage_share }} as decimal(9, 6)) as pooled_share
    {% if not (theme_loop.last and loop.last) %}union all{% endif %}
    {% endfor %}
    {% endfor %}

),

scenario_years as (

    {% for scenario_year in range(1, scenario['years'] + 1) %}
    select {{ scenario_year }} as scenario_year
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

place_members as (

    select
        scenario_places.place_name,
        places.district_code

    from scenario_places
    inner join places
        on scenario_places.place_name in (places.district_name, places.district_code)

    union

    select
        scenario_places.place_name,
        areas_mapped_to_districts.district_code

    from scenario_places
    inner join total_place_pilots
        on scenario_places.place_name = total_place_pilots.pilot_name
    inner join areas_mapped_to_districts
        on
            total_place_pilots.area_kind = areas_mapped_to_districts.area_kind
            and total_place_pilots.area_code = areas_mapped_to_districts.area_code

),

base_spend as (

    select
        place_members.place_name,
        spend_prevention_stages.*

    from place_members
    inner join spend_prevention_stages
        on place_members.district_code = spend_prevention_stages.district_code
    where spend_prevention_stages.financial_year = {{ sql_quoted(scenario['base_year']) }}

),

contributor_bases as (

    -- A contributor's line is an RS line code, a COFOG subfunction or a whole COFOG function.
    select
        base_spend.place_name,
        contributors.partner,
        contributors.source,
        contributors.line_key,
        sum(base_spend.stage_pennies) as base_pennies

    from contributors
    inner join base_spend
        on
            contributors.partner = base_spend.body_kind
            and contributors.source = base_spend.source
            and contributors.line_key in (
                base_spend.service_line_code,
                {{ dbt.split_part('base_spend.service_line_code', "'.'", 1) }}
            )
    where base_spend.stage = {{ sql_quoted(scenario['from_stage']) }}
    group by 1, 2, 3, 4

),

contributions as (

    select
        contributor_bases.*,
        scenario_years.scenario_year,
        cast(round(
            contributor_bases.base_pennies * scenario_years.scenario_year
            * cast({{ scenario['shift_per_year'] }} as decimal(9, 6))
        ) as bigint) as contribution_pennies

    from contributor_bases
    cross join scenario_years

),

pooled_totals as (

    select
        place_name,
        scenario_year,
        sum(contribution_pennies) as pooled_pennies

    from contributions
    group by 1, 2

),

pooled_exact as (

    select
        pooled_totals.*,
        pooled_shares.theme,
        pooled_shares.stage,
        pooled_shares.pooled_share,
        pooled_totals.pooled_pennies * pooled_shares.pooled_share as exact_pennies,
        floor(pooled_totals.pooled_pennies * pooled_shares.pooled_share) as floor_pennies

    from pooled_totals
    cross join pooled_shares

),

pooled_ranked as (

    select
        *,
        pooled_pennies - sum(floor_pennies) over (partition by place_name, scenario_year) as pennies_left,
        row_number() over (
            partition by place_name, scenario_year
            order by exact_pennies - floor_pennies desc, theme asc, stage asc
        ) as remainder_rank

    from pooled_exact

),

pooled as (

    -- Largest remainder: the parts add back to the pooled total exactly.
    select
        place_name,
        scenario_year,
        theme,
        stage,
        pooled_share,
        cast(floor_pennies + case when remainder_rank <= pennies_left then 1 else 0 end as bigint) as pooled_pennies

    from pooled_ranked

),

spectrum_before as (

    select
        base_spend.place_name,
        coalesce(base_spend.stage, 'unclassified') as stage,
        sum(base_spend.stage_pennies) as before_pennies

    from base_spend
    group by 1, 2

),

spectrum_moves as (

    select
        place_name,
        scenario_year,
        {{ sql_quoted(scenario['from_stage']) }} as stage,
        -sum(contribution_pennies) as moved_pennies

    from contributions
    group by 1, 2

    union all

    select
        place_name,
        scenario_year,
        stage,
        sum(pooled_pennies) as moved_pennies

    from pooled
    group by 1, 2, 3

),

spectrum_after as (

    select
        spectrum_before.place_name,
        scenario_years.scenario_year,
        spectrum_before.stage,
        spectrum_before.before_pennies,
        spectrum_before.before_pennies + coalesce(sum(spectrum_moves.moved_pennies), 0) as after_pennies

    from spectrum_before
    cross join scenario_years
    left join spectrum_moves
        on
            spectrum_before.place_name = spectrum_moves.place_name
            and scenario_years.scenario_year = spectrum_moves.scenario_year
            and spectrum_before.stage = spectrum_moves.stage
    group by 1, 2, 3, 4

),

outcomes as (

    select distinct
        place_members.place_name,
        outcome_baseline.*

    from place_members
    inner join outcome_baseline
        on place_members.district_code = outcome_baseline.district_code
    inner join pooled_shares
        on outcome_baseline.theme = pooled_shares.theme

),

sections as (

    select
        place_name,
        'contribution' as section,
        scenario_year,
        partner,
        source,
        line_key,
        cast(null as varchar) as theme,
        {{ sql_quoted(scenario['from_stage']) }} as stage,
        base_pennies,
        contribution_pennies as amount_pennies,
        cast(null as double) as amount_share,
        cast(null as varchar) as district_code,
        cast(null as varchar) as indicator_id,
        cast(null as varchar) as indicator_name,
        cast(null as varchar) as indicator_period,
        cast(null as varchar) as polarity,
        cast(null as double) as baseline_value,
        cast(null as double) as england_value,
        cast(null as double) as england_gap,
        cast(null as double) as peer_value,
        cast(null as double) as peer_gap

    from contributions

    union all

    select
        place_name,
        'pooled budget' as section,
        scenario_year,
        cast(null as varchar) as partner,
        cast(null as varchar) as source,
        cast(null as varchar) as line_key,
        theme,
        stage,
        cast(null as bigint) as base_pennies,
        pooled_pennies as amount_pennies,
        cast(pooled_share as double) as amount_share,
        cast(null as varchar) as district_code,
        cast(null as varchar) as indicator_id,
        cast(null as varchar) as indicator_name,
        cast(null as varchar) as indicator_period,
        cast(null as varchar) as polarity,
        cast(null as double) as baseline_value,
        cast(null as double) as england_value,
        cast(null as double) as england_gap,
        cast(null as double) as peer_value,
        cast(null as double) as peer_gap

    from pooled

    union all

    select
        place_name,
        'spectrum' as section,
        scenario_year,
        cast(null as varchar) as partner,
        cast(null as varchar) as source,
        cast(null as varchar) as line_key,
        cast(null as varchar) as theme,
        stage,
        before_pennies as base_pennies,
        after_pennies as amount_pennies,
        after_pennies / nullif(sum(after_pennies) over (partition by place_name, scenario_year), 0) as amount_share,
        cast(null as varchar) as district_code,
        cast(null as varchar) as indicator_id,
        cast(null as varchar) as indicator_name,
        cast(null as varchar) as indicator_period,
        cast(null as varchar) as polarity,
        cast(null as double) as baseline_value,
        cast(null as double) as england_value,
        cast(null as double) as england_gap,
        cast(null as double) as peer_value,
        cast(null as double) as peer_gap

    from spectrum_after

    union all

    select
        place_name,
        'outcome' as section,
        0 as scenario_year,
        cast(null as varchar) as partner,
        cast(null as varchar) as source,
        cast(null as varchar) as line_key,
        theme,
        cast(null as varchar) as stage,
        cast(null as bigint) as base_pennies,
        cast(null as bigint) as amount_pennies,
        cast(null as double) as amount_share,
        district_code,
        indicator_id,
        indicator_name,
        period as indicator_period,
        polarity,
        indicator_value as baseline_value,
        england_value,
        england_gap,
        peer_average as peer_value,
        peer_gap

    from outcomes

),

final as (

    select
        {{ sql_quoted(scenario['name']) }} as scenario_name,
        sections.place_name,
        sections.section,
        cast(sections.scenario_year as integer) as scenario_year,
        {{ sql_quoted(scenario['base_year']) }} as base_year,
        sections.partner,
        sections.source,
        sections.line_key,
        sections.theme,
        sections.stage,
        cast(prevention_stages.stage_order as integer) as stage_order,
        cast(sections.base_pennies / 100.0 as decimal(18, 2)) as base_amount_gbp,
        cast(sections.amount_pennies / 100.0 as decimal(18, 2)) as amount_gbp,
        cast(sections.amount_share as double) as amount_share,
        sections.district_code,
        sections.indicator_id,
        sections.indicator_name,
        sections.indicator_period,
        sections.polarity,
        sections.baseline_value,
        sections.england_value,
        sections.england_gap,
        sections.peer_value,
        sections.peer_gap

    from sections
    left join prevention_stages
        on sections.stage = prevention_stages.stage

)

select * from final
