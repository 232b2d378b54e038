{#-
    Every source row's amount split over the districts of its area in proportion to the
    driver weights, to the penny: each district gets the whole pennies of its exact share, and
    the pennies left over go one each to the districts with the largest fractions (largest
    remainder), so the parts always add back to the source amount exactly.
-#}

with

placed as (

    select * from {{ ref('int_revenue_outturn_spend_placed') }}
    union all
    select * from {{ ref('int_cra_spend_placed') }}

),

shares as (

    select
        *,
        driver_weight / sum(driver_weight) over (partition by source, source_row_key) as allocation_share,
        count(*) over (partition by source, source_row_key) as district_count

    from placed

),

floored as (

    select
        *,
        amount_pennies * allocation_share as exact_pennies,
        floor(amount_pennies * allocation_share) as floor_pennies

    from shares

),

remainders as (

    select
        *,
        amount_pennies - sum(floor_pennies) over (partition by source, source_row_key) as pennies_left,
        row_number() over (
            partition by source, source_row_key
            order by exact_pennies - floor_pennies desc, original_district_code asc
        ) as remainder_rank

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
        allocation_share,
        amount_pennies as source_amount_pennies,
        cast(floor_pennies + case when remainder_rank <= pennies_left then 1 else 0 end as bigint)
            as allocated_pennies

    from remainders

)

select * from final
