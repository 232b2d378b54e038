{#- Apportionment never creates or loses money: each source row's parts add back to it, to the penny. -#}

with

spend_apportioned as (

    select * from {{ ref('int_spend_apportioned') }}

),

summed as (

    select
        source,
        source_row_key,
        max(source_amount_pennies) as source_amount_pennies,
        sum(allocated_pennies) as allocated_pennies

    from spend_apportioned
    group by 1, 2

)

select * from summed
where allocated_pennies <> source_amount_pennies
