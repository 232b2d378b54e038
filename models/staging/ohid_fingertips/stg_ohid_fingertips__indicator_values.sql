with

source as (

    select * from {{ source('ohid_fingertips', 'fingertips__indicator_values') }}

),

renamed as (

    select
        trim(indicator) as indicator_name,
        upper(trim(area_code)) as area_code,
        trim(area_name) as area_name,
        {{ gss_area_type('upper(trim(area_code))') }} as area_type,
        trim(period) as period,
        -- "2011", "2011/12" and "2015 - 17" all start with the first year they cover.
        cast(substr(trim(period), 1, 4) as integer) as period_start_year,
        -- The extracts label their columns loosely: `unit` holds Persons or Years, the sex is
        -- in `group` where the extract has one, and `measure` is the unit of the value.
        coalesce(nullif(trim("group"), ''), case when trim(unit) = 'Persons' then 'Persons' end) as sex,
        trim(measure) as value_unit,
        {{ published_number('value') }} as indicator_value,
        {{ published_number('value') }} is null as is_value_missing,
        nullif(trim(significance), '') as significance_to_england,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
