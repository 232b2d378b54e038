{#-
    Districts abolished in April 2019 get their population as a share of their successor's,
    by the 2011 small areas named after them. For each vintage, the shares of a 2019
    successor's predecessors must add to one: a small area not matched by name would leave a
    gap, and a name matching another district's areas would overfill it.
-#}

with

district_populations as (

    select * from {{ ref('int_district_populations_by_vintage') }}
    where boundary_year < 2019 and district_code <> district_code_2019

),

summed as (

    select
        boundary_year,
        district_code_2019,
        sum(share_of_2019_district) as share_total

    from district_populations
    group by 1, 2

)

select * from summed
where abs(share_total - 1) > 0.000001
