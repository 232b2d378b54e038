{#-
    The Total Place count for each place and year, and for the 13 pilot areas of 2009-10 as
    groups of today's districts: total public spend (current and capital), per head of the
    same year's population, shares by kind of body and by theme, the prevention share, what
    the count covers that year and why, and the place's rank by spend per head among the
    districts whose residents are the population their spend serves.
-#}
{%- set themes = [
    'children and families', 'older people', 'health and wellbeing', 'drugs and alcohol',
    'housing and homelessness', 'worklessness and skills', 'community safety and offender management',
    'environment and transport', 'assets and corporate', 'other',
] -%}
{%- set body_groups = [
    ('council', ['council', 'combined authority', 'other local body']),
    ('greater_london_authority', ['Greater London Authority']),
    ('transport_body', ['transport body']),
    ('police', ['police']),
    ('fire', ['fire']),
    ('nhs_and_health', ['NHS and health']),
    ('central_government', ['central government']),
    ('public_corporations', ['public corporation']),
] -%}

with

place_spend as (

    select * from {{ ref('fct_place_spend') }}

),

spend_sources as (

    select * from {{ ref('spend_sources') }}

),

places as (

    select * from {{ ref('dim_place') }}

),

population_exceptions as (

    select * from {{ ref('population_exceptions') }}

),

missing_returns as (

    select * from {{ ref('int_revenue_outturn_missing_returns') }}

),

total_place_pilots as (

    select * from {{ ref('total_place_pilots') }}

),

areas_mapped_to_districts as (

    select * from {{ ref('int_areas_mapped_to_districts') }}

),

spend_lines as (

    select * from {{ ref('spend_lines') }}

),

spend_prevention_stages as (

    select * from {{ ref('int_spend_prevention_stages') }}

),

district_year_stages as (

    select
        district_code,
        financial_year,
        -- Null, not 0, where nothing of the place's spend is classified: the share is unknown.
        sum(case when is_prevention then stage_pennies when not is_prevention then 0 end) / 100.0
            as prevention_spend_gbp,
        sum(case when not is_classified then stage_pennies else 0 end) / 100.0 as unclassified_spend_gbp

    from spend_prevention_stages
    group by 1, 2

),

themes_mapped as (

    -- A theme no spend line maps to is not measured: its share is null, not a misleading 0.
    select
        {%- for theme in themes %}
        max(case when theme = '{{ theme }}' then 1 else 0 end) = 1 as {{ theme | replace(' ', '_') }}_is_mapped,
        {%- endfor %}
        count(*) as spend_lines

    from spend_lines

),

year_sources as (

    select distinct
        financial_year,
        source

    from place_spend

),

year_scopes as (

    -- A year is a complete count when every declared source has spend in it; otherwise the
    -- sources it lacks are named, so a trend never joins complete and partial years unseen.
    select
        years.financial_year,
        count(sources_present.source) = count(*) as is_complete_count,
        {{ dbt.listagg(
            "case when sources_present.source is null then spend_sources.source_label end",
            "'; '",
            "order by spend_sources.source_label",
        ) }} as missing_sources

    from (select distinct financial_year from year_sources) as years
    cross join spend_sources
    left join year_sources as sources_present
        on
            years.financial_year = sources_present.financial_year
            and spend_sources.source = sources_present.source
    group by 1

),

district_years as (

    select
        district_code,
        financial_year,
        max(population) as population,
        max(population_year) as population_year,
        sum(spend_gbp) as total_spend_gbp,
        sum(spend_real_gbp) as total_spend_real_gbp,
        sum(case when capital_or_current = 'current' then spend_gbp else 0 end) as current_spend_gbp,
        sum(case when capital_or_current = 'capital' then spend_gbp else 0 end) as capital_spend_gbp,
        {%- for group_name, kinds in body_groups %}
        {%- set body_kind_list = "'" ~ kinds | join("', '") ~ "'" %}
        sum(case when body_kind in ({{ body_kind_list }}) then spend_gbp else 0 end) as {{ group_name }}_spend_gbp,
        {%- endfor %}
        {%- for theme in themes %}
        sum(case when theme = '{{ theme }}' then spend_gbp else 0 end)
            as {{ theme | replace(' ', '_') }}_spend_gbp,
        {%- endfor %}
        count(*) as placed_amounts

    from place_spend
    group by 1, 2

),

district_years_staged as (

    select
        district_years.*,
        district_year_stages.prevention_spend_gbp,
        district_year_stages.unclassified_spend_gbp

    from district_years
    inner join district_year_stages
        on
            district_years.district_code = district_year_stages.district_code
            and district_years.financial_year = district_year_stages.financial_year

),

pilot_districts as (

    select distinct
        total_place_pilots.pilot_name,
        areas_mapped_to_districts.district_code

    from total_place_pilots
    inner join areas_mapped_to_districts
        on
            total_place_pilots.area_kind = areas_mapped_to_districts.area_kind
            and total_place_pilots.area_code = areas_mapped_to_districts.area_code

),

place_members as (

    -- Which districts make up each place: a district itself, a pilot its group, so flags on a
    -- district (a body without a return) carry to every place it belongs to.
    select
        'district' as place_kind,
        district_code as place_code,
        district_code

    from places

    union all

    select
        'total place pilot' as place_kind,
        pilot_name as place_code,
        district_code

    from pilot_districts

),

place_bodies_without_return as (

    select distinct
        place_members.place_kind,
        place_members.place_code,
        missing_returns.financial_year,
        missing_returns.body_name

    from place_members
    inner join missing_returns
        on place_members.district_code = missing_returns.district_code

),

place_missing_returns as (

    select
        place_kind,
        place_code,
        financial_year,
        {{ dbt.listagg('body_name', "', '", 'order by body_name') }} as bodies_without_return

    from place_bodies_without_return
    group by 1, 2, 3

),

place_years as (

    select
        'district' as place_kind,
        district_years_staged.district_code as place_code,
        places.district_name as place_name,
        district_years_staged.*

    from district_years_staged
    inner join places
        on district_years_staged.district_code = places.district_code

    union all

    select
        'total place pilot' as place_kind,
        pilot_districts.pilot_name as place_code,
        pilot_districts.pilot_name as place_name,
        cast(null as {{ dbt.type_string() }}) as district_code,
        district_years.financial_year,
        sum(district_years.population) as population,
        max(district_years.population_year) as population_year,
        sum(district_years.total_spend_gbp) as total_spend_gbp,
        sum(district_years.total_spend_real_gbp) as total_spend_real_gbp,
        sum(district_years.current_spend_gbp) as current_spend_gbp,
        sum(district_years.capital_spend_gbp) as capital_spend_gbp,
        {%- for group_name, kinds in body_groups %}
        sum(district_years.{{ group_name }}_spend_gbp) as {{ group_name }}_spend_gbp,
        {%- endfor %}
        {%- for theme in themes %}
        {%- set theme_column = theme | replace(' ', '_') %}
        sum(district_years.{{ theme_column }}_spend_gbp) as {{ theme_column }}_spend_gbp,
        {%- endfor %}
        sum(district_years.placed_amounts) as placed_amounts,
        sum(district_years.prevention_spend_gbp) as prevention_spend_gbp,
        sum(district_years.unclassified_spend_gbp) as unclassified_spend_gbp

    from pilot_districts
    inner join district_years_staged as district_years
        on pilot_districts.district_code = district_years.district_code
    group by 1, 2, 3, 4, 5

),

flagged as (

    select
        place_years.*,
        year_scopes.is_complete_count,
        year_scopes.missing_sources,
        place_missing_returns.bodies_without_return,
        case
            when population_exceptions.district_code is not null then population_exceptions.reason
            when place_missing_returns.bodies_without_return is not null
                then
                    'no Revenue Outturn return from ' || place_missing_returns.bodies_without_return
                    || ' for the year, so its spend cannot be placed and the place''s total is short'
        end as excluded_from_ranks_because,
        place_years.place_kind = 'district'
        and population_exceptions.district_code is null
        and place_missing_returns.bodies_without_return is null as is_ranked

    from place_years
    inner join year_scopes
        on place_years.financial_year = year_scopes.financial_year
    left join population_exceptions
        on place_years.district_code = population_exceptions.district_code
    left join place_missing_returns
        on
            place_years.place_kind = place_missing_returns.place_kind
            and place_years.place_code = place_missing_returns.place_code
            and place_years.financial_year = place_missing_returns.financial_year

),

ranked as (

    select
        *,
        case
            when is_ranked
                then rank() over (partition by is_ranked, financial_year order by total_spend_gbp / population desc)
        end as spend_rank

    from flagged

),

ranked_with_themes_mapped as (

    select
        ranked.*,
        themes_mapped.*

    from ranked
    cross join themes_mapped

),

final as (

    select
        place_kind,
        place_code,
        place_name,
        financial_year,
        is_complete_count,
        case
            when is_complete_count then 'complete: every source covers the year'
            else 'partial, not comparable with complete years: the data has no ' || missing_sources || ' for the year'
        end as count_scope,
        cast(population as bigint) as population,
        cast(population_year as integer) as population_year,
        cast(total_spend_gbp as decimal(18, 2)) as total_spend_gbp,
        cast(current_spend_gbp as decimal(18, 2)) as current_spend_gbp,
        cast(capital_spend_gbp as decimal(18, 2)) as capital_spend_gbp,
        cast(total_spend_real_gbp as decimal(18, 2)) as total_spend_real_gbp,
        '{{ var("real_terms_base_year") }}' as real_terms_base_year,
        cast(total_spend_gbp / population as double) as spend_per_head_gbp,
        cast(total_spend_real_gbp / population as double) as spend_per_head_real_gbp,
        {%- for group_name, kinds in body_groups %}
        cast({{ group_name }}_spend_gbp / total_spend_gbp as double) as {{ group_name }}_share,
        {%- endfor %}
        {%- for theme in themes %}
        {%- set theme_column = theme | replace(' ', '_') %}
        cast(
            case when {{ theme_column }}_is_mapped then {{ theme_column }}_spend_gbp / total_spend_gbp end
            as double
        ) as {{ theme_column }}_share,
        {%- endfor %}
        cast(prevention_spend_gbp / nullif(total_spend_gbp, 0) as double) as prevention_share,
        cast(1 - unclassified_spend_gbp / nullif(total_spend_gbp, 0) as double) as spectrum_classified_share,
        cast(unclassified_spend_gbp as decimal(18, 2)) as spectrum_unclassified_spend_gbp,
        cast(spend_rank as integer) as rank_of_spend_per_head,
        bodies_without_return,
        excluded_from_ranks_because

    from ranked_with_themes_mapped

)

select * from final
