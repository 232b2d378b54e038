{#-
    Every source row's amount split over the districts of its area in proportion to the
    driver weights, to the penny: each district gets the whole pennies of its exact share, and
    the pennies left over go one each to the districts with the largest fractions (largest
    remainder), so the parts always add back to the source amount exactly. The same split by
    population alone is kept beside it, so a reader sees what the need driver changed.

    The sources are the spend_sources seed's rows: each names the model that places it, and
    this model unions those (macro spend_source_models). dbt must know the models before it
    reads the seed, so each is also named once below; a seed row naming a model that is not
    makes dbt stop and name it.
-#}
-- depends_on: {{ ref('spend_sources') }}
-- depends_on: {{ ref('int_revenue_outturn_spend_placed') }}
-- depends_on: {{ ref('int_cra_spend_placed') }}
{%- set placed_models = spend_source_models() %}

with

placed as (

    {% if not placed_models %}
    -- Only while dbt parses (and sqlfluff lints): the seed is read when the model runs.
    select * from {{ ref('int_revenue_outturn_spend_placed') }}
    {% endif %}
    {% for placed_model in placed_models %}
    select * from {{ ref(placed_model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

shares as (

    select
        *,
        driver_weight / sum(driver_weight) over (partition by source, source_row_key) as driver_share,
        population_weight / sum(population_weight) over (partition by source, source_row_key) as population_share,
        count(*) over (partition by source, source_row_key) as district_count

    from placed

),

floored as (

    select
        *,
        amount_pennies * driver_share as driver_exact_pennies,
        floor(amount_pennies * driver_share) as driver_floor_pennies,
        amount_pennies * population_share as population_exact_pennies,
        floor(amount_pennies * population_share) as population_floor_pennies

    from shares

),

remainders as (

    select
        *,
        amount_pennies - sum(driver_floor_pennies) over (partition by source, source_row_key)
            as driver_pennies_left,
        row_number() over (
            partition by source, source_row_key
            order by driver_exact_pennies - driver_floor_pennies desc, original_district_code asc
        ) as driver_remainder_rank,
        amount_pennies - sum(population_floor_pennies) over (partition by source, source_row_key)
            as population_pennies_left,
        row_number() over (
            partition by source, source_row_key
            order by population_exact_pennies - population_floor_pennies desc, original_district_code asc
        ) as population_remainder_rank

    from floored

),

final as (

    select
        source,
        source_row_key,
        financial_year,
        spending_body_code,
        spending_body_name,
        body_kind,
        service_line_code,
        service_line_name,
        capital_or_current,
        district_code,
        original_district_code,
        original_boundary_year,
        original_district_code <> district_code as is_restated,
        case when district_count = 1 then 'actual' else 'apportioned' end as allocation_method,
        case when district_count = 1 then 'none' else apportionment_driver end as allocation_driver,
        area_basis,
        driver_share as allocation_share,
        population_share,
        amount_pennies as source_amount_pennies,
        cast(
            driver_floor_pennies + case when driver_remainder_rank <= driver_pennies_left then 1 else 0 end as bigint
        ) as allocated_pennies,
        cast(
            population_floor_pennies
            + case when population_remainder_rank <= population_pennies_left then 1 else 0 end as bigint
        ) as population_only_pennies

    from remainders

)

select * from final
