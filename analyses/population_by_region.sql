-- Mid-2020 population and number of places in each English region.
select
    region_code,
    region_name,
    count(*) as places,
    sum(population_mid_2020) as population_mid_2020
from marts.dim_place
group by region_code, region_name
order by region_code asc
