-- Every line of the prevention spectrum is split whole: each share is above 0 and at most 1,
-- and the shares of a line's stages add to exactly 1.
with

prevention_spectrum as (

    select * from {{ ref('prevention_spectrum') }}

),

lines as (

    select
        source,
        line_key,
        sum(share) as total_share,
        min(share) as smallest_share,
        max(share) as largest_share

    from prevention_spectrum
    group by 1, 2

)

select * from lines
where total_share <> 1 or smallest_share <= 0 or largest_share > 1
