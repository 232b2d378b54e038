with

source as (

    select * from {{ source('hmt', 'hmt__pesa_combined') }}

),

uk_regions as (

    select * from {{ ref('uk_regions') }}

),

renamed as (

    select
        trim(source.financialyear) as financial_year,
        cast(source.yearend as integer) as year_end,
        trim(source.geography) as geography_name,
        nullif(upper(trim(source.geographycode)), '') as nuts1_code,
        uk_regions.region_code,
        trim(source.hmtfunction) as hmt_function,
        nullif(trim(source.hmtsubfunction), '') as hmt_subfunction,
        trim(source.caporcur) as capital_or_current,
        {{ published_number('source.value') }} as spend_gbp,
        {{ published_number('source.value2015percapita') }} as spend_per_head_2015_prices_gbp,
        {{ published_number('source.cpi2015') }} as cpi_2015_base,
        cast({{ published_number('source.population') }} as bigint) as population,
        source._source_file as source_file,
        source._row_number as source_row_number

    from source
    left join uk_regions
        on upper(trim(source.geographycode)) = uk_regions.nuts1_code

)

select * from renamed
