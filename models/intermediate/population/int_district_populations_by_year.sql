{#-
    The population of every district of every April vintage for every mid-year in the pack:
    one row per mid_year, boundary_year and district_code, with the age bands the spend
    apportionment uses, and on every row how it was found.

    Totals. Each mid-year is taken from one publication: of those holding the year, the one on
    the earliest code vintage (the finest districts), then MYE5 before MYE2 before the census.
    In the pack that is MYE5 on April 2019 codes for 2001-2019, MYE2 on April 2021 codes for
    2020, and Census 2021 (census day, 21 March) for 2021. A published district is split into
    its parts (int_district_parts_by_vintage) by the parts' shares of its mid-2019
    small-area population: a part that was a district of the small areas' vintage takes its
    small areas; a part abolished before it (the April 2019 Dorset, Suffolk and Somerset West
    and Taunton mergers) takes the 2011 small areas named after it ("Christchurch 001A"), the
    logic int_district_populations_by_vintage had for mid-2019 alone. Parts are then summed
    into the districts of each vintage: a district is its own published estimate, the sum of
    its predecessors' (merged later), or a share of its successor's (merged before the
    publication's vintage, so estimated and flagged).

    Age bands. Only some years publish them: single years of age for mid-2019 and mid-2020,
    and for Census 2021 only a sound 16-64 (see published_bands). For a year without, the
    shares of the nearest year with bands (the later one on a tie) are applied to the year's
    own total, per part, so a district keeps its own structure. Where only 16-64 is published,
    the rest is split into under-16s and 65+, and 16-64 into 16-17 and 18-64, at the nearest
    single-year shares. age_band_basis says which on every row. A share of a successor has
    the successor's age structure.
-#}
{#- A table: the count reads it once per financial year and boundary vintage. -#}
{{ config(materialized='table') }}

with

district_parts as (

    select * from {{ ref('int_district_parts_by_vintage') }}

),

codes_mapped as (

    select * from {{ ref('int_district_codes_mapped_to_2023') }}

),

population_totals as (

    select * from {{ ref('stg_ons_population__area_population_totals') }}

),

population_by_age as (

    select * from {{ ref('stg_ons_population__population_by_age') }}
    where area_level = 'district'

),

census_bands as (

    select * from {{ ref('stg_ons_population__census_2021_age_sex_bands') }}

),

small_area_ranks as (

    select * from {{ ref('stg_mhclg_imd2019__small_area_ranks') }}

),

small_area_population as (

    select * from {{ ref('stg_ons_population__small_area_population') }}

),

-- Totals: every publication of a district total, and the one each mid-year takes.
published_totals as (

    select
        mid_year,
        boundary_year,
        area_code as district_code,
        1 as source_rank,
        'ONS mid-year estimates (MYE5)' as source_name,
        cast(population as double) as population

    from population_totals

    union all

    select
        mid_year,
        boundary_year,
        area_code as district_code,
        2 as source_rank,
        'ONS mid-year estimates by single year of age (MYE2)' as source_name,
        cast(max(area_total_population) as double) as population

    from population_by_age
    group by 1, 2, 3

    union all

    select
        census_year as mid_year,
        boundary_year,
        district_code,
        3 as source_rank,
        'Census usual residents (census day)' as source_name,
        cast(max(district_total_population) as double) as population

    from census_bands
    group by 1, 2, 3

),

total_publications as (

    select
        mid_year,
        boundary_year,
        source_rank,
        row_number() over (partition by mid_year order by boundary_year, source_rank) as preference

    from (
        select distinct
            mid_year,
            boundary_year,
            source_rank
        from published_totals
    ) as publications

),

-- Bands: 16-64 wherever published; 0-15, 16-17 and 65+ where single years of age are.
published_bands as (

    select
        mid_year,
        boundary_year,
        area_code as district_code,
        1 as source_rank,
        cast(sum(population) as double) as population,
        cast(sum(case when age < 16 then population else 0 end) as double) as population_0_15,
        cast(sum(case when age between 16 and 17 then population else 0 end) as double) as population_16_17,
        cast(sum(case when age between 16 and 64 then population else 0 end) as double) as population_16_64,
        cast(sum(case when age >= 65 then population else 0 end) as double) as population_65_plus

    from population_by_age
    group by 1, 2, 3

    union all

    select
        census_year as mid_year,
        boundary_year,
        district_code,
        2 as source_rank,
        cast(max(district_total_population) as double) as population,
        -- Only the total and 16-64 are sound in the census file: its converter counted the
        -- under-1s twice in "younger" and, by a stray comma, only 65-74 in "older" (England:
        -- 11.06m and 5.56m, where the three bands should add to the 56.49m total).
        cast(null as double) as population_0_15,
        cast(null as double) as population_16_17,
        cast(sum(case when age_band = 'working age' then population else 0 end) as double) as population_16_64,
        cast(null as double) as population_65_plus

    from census_bands
    group by 1, 2, 3

),

band_publications as (

    select
        mid_year,
        boundary_year,
        source_rank,
        has_single_years,
        row_number() over (partition by mid_year order by boundary_year, source_rank) as preference

    from (
        select distinct
            mid_year,
            boundary_year,
            source_rank,
            population_16_17 is not null as has_single_years
        from published_bands
    ) as publications

),

-- Parts' shares of the districts they were published in, by mid-year small-area population.
small_area_vintage as (

    select
        max(small_area_ranks.boundary_year) as boundary_year,
        max(small_area_population.mid_year) as mid_year

    from small_area_ranks
    inner join small_area_population
        on small_area_ranks.lsoa_code = small_area_population.small_area_code

),

parts_in_small_area_districts as (

    select
        district_parts.part_code,
        district_parts.part_name,
        district_parts.district_code,
        count(*) over (partition by district_parts.district_code) as parts_in_district

    from district_parts
    inner join small_area_vintage
        on district_parts.boundary_year = small_area_vintage.boundary_year

),

part_small_area_populations as (

    -- A part that was a whole district takes all its small areas; one of several merged
    -- parts, the small areas named after it.
    select
        parts_in_small_area_districts.part_code,
        sum(small_area_population.population) as small_area_population

    from parts_in_small_area_districts
    inner join small_area_ranks
        on
            parts_in_small_area_districts.district_code = small_area_ranks.district_code
            and (
                parts_in_small_area_districts.parts_in_district = 1
                or small_area_ranks.lsoa_name like parts_in_small_area_districts.part_name || ' %'
            )
    inner join small_area_population
        on small_area_ranks.lsoa_code = small_area_population.small_area_code
    group by 1

),

part_shares as (

    -- Each part's share of the district it is in, in every vintage.
    select
        district_parts.part_code,
        district_parts.boundary_year,
        district_parts.district_code,
        count(*) over (
            partition by district_parts.boundary_year, district_parts.district_code
        ) as parts_in_district,
        part_small_area_populations.small_area_population / sum(
            part_small_area_populations.small_area_population
        ) over (partition by district_parts.boundary_year, district_parts.district_code) as share_of_district

    from district_parts
    inner join part_small_area_populations
        on district_parts.part_code = part_small_area_populations.part_code

),

-- Each part's population in each mid-year, from the year's publication.
part_totals as (

    select
        published_totals.mid_year,
        part_shares.part_code,
        published_totals.boundary_year as published_boundary_year,
        published_totals.district_code as published_district_code,
        published_totals.source_name,
        part_shares.parts_in_district as parts_in_published_district,
        part_shares.share_of_district,
        published_totals.population * part_shares.share_of_district as population

    from published_totals
    inner join total_publications
        on
            published_totals.mid_year = total_publications.mid_year
            and published_totals.boundary_year = total_publications.boundary_year
            and published_totals.source_rank = total_publications.source_rank
            and total_publications.preference = 1
    inner join part_shares
        on
            published_totals.boundary_year = part_shares.boundary_year
            and published_totals.district_code = part_shares.district_code

),

part_band_shares as (

    -- Band shares of the district each part was published in, per year with bands.
    select
        published_bands.mid_year,
        part_shares.part_code,
        band_publications.has_single_years,
        published_bands.population_16_64 / published_bands.population as share_16_64,
        published_bands.population_0_15 / (published_bands.population_0_15 + published_bands.population_65_plus)
            as share_of_others_aged_0_15,
        published_bands.population_16_17 / published_bands.population_16_64 as share_of_16_64_aged_16_17

    from published_bands
    inner join band_publications
        on
            published_bands.mid_year = band_publications.mid_year
            and published_bands.boundary_year = band_publications.boundary_year
            and published_bands.source_rank = band_publications.source_rank
            and band_publications.preference = 1
    inner join part_shares
        on
            published_bands.boundary_year = part_shares.boundary_year
            and published_bands.district_code = part_shares.district_code

),

band_year_candidates as (

    -- Every year with bands, ranked by nearness to each mid-year (the later one on a tie).
    select
        total_years.mid_year,
        band_publications.mid_year as band_year,
        band_publications.has_single_years,
        row_number() over (
            partition by total_years.mid_year
            order by abs(band_publications.mid_year - total_years.mid_year), band_publications.mid_year desc
        ) as nearness,
        row_number() over (
            partition by total_years.mid_year, band_publications.has_single_years
            order by abs(band_publications.mid_year - total_years.mid_year), band_publications.mid_year desc
        ) as nearness_among_its_kind

    from (select distinct mid_year from part_totals) as total_years
    cross join band_publications
    where band_publications.preference = 1

),

band_years as (

    select
        mid_year,
        max(case when nearness = 1 then band_year end) as band_year,
        max(case when has_single_years and nearness_among_its_kind = 1 then band_year end) as single_year_band_year

    from band_year_candidates
    group by 1

),

part_populations as (

    select
        part_totals.mid_year,
        part_totals.part_code,
        part_totals.published_boundary_year,
        part_totals.published_district_code,
        part_totals.source_name,
        part_totals.parts_in_published_district,
        part_totals.share_of_district,
        band_years.band_year,
        band_years.single_year_band_year,
        part_totals.population,
        -- Under 18s: the under-16s' share of those outside 16-64, and the 16-17s' of 16-64.
        part_totals.population * (
            (1 - bands.share_16_64) * single_years.share_of_others_aged_0_15
            + bands.share_16_64 * single_years.share_of_16_64_aged_16_17
        ) as population_0_17,
        part_totals.population * bands.share_16_64 as population_16_64,
        part_totals.population * (1 - bands.share_16_64) * (1 - single_years.share_of_others_aged_0_15)
            as population_65_plus

    from part_totals
    inner join band_years
        on part_totals.mid_year = band_years.mid_year
    left join part_band_shares as bands
        on
            band_years.band_year = bands.mid_year
            and part_totals.part_code = bands.part_code
    left join part_band_shares as single_years
        on
            band_years.single_year_band_year = single_years.mid_year
            and part_totals.part_code = single_years.part_code

),

-- Parts summed into the districts of every vintage.
districts as (

    select
        part_populations.mid_year,
        district_parts.boundary_year,
        district_parts.district_code,
        min(district_parts.district_name) as district_name,
        count(*) as parts_in_district,
        count(distinct part_populations.published_district_code) as published_districts,
        max(part_populations.parts_in_published_district) as parts_in_published_district,
        min(part_populations.published_district_code) as published_district_code,
        min(part_populations.published_boundary_year) as published_boundary_year,
        min(part_populations.source_name) as source_name,
        sum(part_populations.share_of_district) as share_of_published_district,
        min(part_populations.band_year) as band_year,
        min(part_populations.single_year_band_year) as single_year_band_year,
        sum(part_populations.population) as population,
        sum(part_populations.population_0_17) as population_0_17,
        sum(part_populations.population_16_64) as population_16_64,
        sum(part_populations.population_65_plus) as population_65_plus

    from part_populations
    inner join district_parts
        on part_populations.part_code = district_parts.part_code
    group by 1, 2, 3

),

small_area_year as (

    select mid_year from small_area_vintage

),

final as (

    select
        districts.mid_year,
        districts.boundary_year,
        districts.district_code,
        districts.district_name,
        codes_mapped.district_code_2023,
        -- To a millionth of a person: beyond that, products of shares carry only float noise.
        round(districts.population, 6) as population,
        round(districts.population_0_17, 6) as population_0_17,
        round(districts.population_16_64, 6) as population_16_64,
        round(districts.population_65_plus, 6) as population_65_plus,
        case
            when districts.published_districts > 1 then 'sum of predecessors'
            when districts.parts_in_district < districts.parts_in_published_district
                then 'share of successor by mid-'
                    || cast((select small_area_year.mid_year from small_area_year) as {{ dbt.type_string() }})
                    || ' small-area population'
            else 'own estimate'
        end as population_basis,
        districts.source_name || ', April ' || cast(districts.published_boundary_year as {{ dbt.type_string() }})
        || ' codes' as population_source,
        case
            when districts.published_districts = 1 then districts.published_district_code
        end as source_district_code,
        case
            when districts.published_districts = 1 then districts.share_of_published_district else 1
        end as share_of_source_district,
        case
            when districts.band_year = districts.mid_year
                then 'published ' || case
                        when districts.single_year_band_year = districts.mid_year then 'single year of age'
                        else '16-64'
                    end
            else 'mid-' || cast(districts.band_year as {{ dbt.type_string() }})
                || ' band shares applied to this year''s total'
        end
        || case
            when districts.single_year_band_year <> districts.band_year
                then '; 0-15, 16-17 and 65+ split at the mid-'
                    || cast(districts.single_year_band_year as {{ dbt.type_string() }}) || ' shares'
            else ''
        end as age_band_basis,
        districts.published_districts = 1 and districts.parts_in_district < districts.parts_in_published_district
            as is_estimated,
        districts.band_year <> districts.mid_year or districts.single_year_band_year <> districts.mid_year
            as is_age_band_estimated

    from districts
    -- The vintages int_district_codes_mapped_to_2023 lists, the reporting vintage among them.
    inner join codes_mapped
        on
            districts.boundary_year = codes_mapped.boundary_year
            and districts.district_code = codes_mapped.district_code

)

select * from final
