{#-
    Net current expenditure by Revenue Outturn line, one row per financial year, authority (or
    total) and line, in pounds, from every year's RS workbook.
    - Every workbook lands in one raw table. The revenue_outturn_workbooks seed says which
      financial year each file is and the vintage of its ONS codes; the revenue_outturn_lines
      seed says which landed column is which RS line in any year, by the pattern its name
      matches (c_190_education_services where a workbook prints line numbers above the names,
      education_services where it does not). A column counts for a workbook only if that
      workbook's header had it (raw.column_map), so a line a year did not publish (public health
      before 2013-14) has no row, not a null one.
    - Lines 190-698 are services and 711-714 the mandatory housing benefits councils pay; 699
      is the services' total and 749 net current expenditure (which also holds levies and
      trading accounts, transfers between bodies that are not taken line by line here).
    - Rows: authorities (an MHCLG ecode, E and four digits, above the ENGLAND row), the ENGLAND
      total, and the class subtotals below it (any row there with a class; from 2021-22 the
      GLA, police, fire and other bodies each have one, with class O). Headings, links and the
      like below the total hold no values and are dropped. Totals are kept, marked by
      `row_kind`, to be reconciled against, never summed with.
    - London boroughs are class L up to 2020-21 and LB after: both are L here (the
      revenue_outturn_classes seed), and the class as printed is kept in published_class.
    - Values are £ thousand as printed. A stand-in ("…" no return received, "[x]" not received
      in time) stays in published_value and its amount is null; the landing lets nothing else
      that is not a number into these columns.
-#}

with

workbook_rows as (

    select * from {{ source('mhclg_revenue_outturn', 'revenue_outturn__rs') }}

),

landed_columns as (

    select * from {{ source('mhclg_revenue_outturn', 'column_map') }}
    where raw_table = '{{ source('mhclg_revenue_outturn', 'revenue_outturn__rs').identifier }}'

),

workbooks as (

    select * from {{ ref('revenue_outturn_workbooks') }}

),

lines as (

    select * from {{ ref('revenue_outturn_lines') }}

),

classes as (

    select * from {{ ref('revenue_outturn_classes') }}

),

england_rows as (

    select
        _source_file,
        min(_row_number) as england_row_number

    from workbook_rows
    where upper(trim(local_authority)) = 'ENGLAND'
    group by 1

),

classified_rows as (

    select
        workbook_rows._source_file,
        workbook_rows._sheet,
        workbook_rows._row_number,
        upper(trim(workbook_rows.e_code)) as published_ecode,
        upper(trim(workbook_rows.ons_code)) as published_ons_code,
        trim(workbook_rows.local_authority) as authority_name,
        nullif(trim(workbook_rows.class), '') as published_class,
        case
            when workbook_rows._row_number = england_rows.england_row_number then 'england total'
            when workbook_rows._row_number > england_rows.england_row_number
                then case when nullif(trim(workbook_rows.class), '') is not null then 'class subtotal' else 'note' end
            when {{ regex_matches('upper(trim(workbook_rows.e_code))', '^E[0-9]{4}$') }} then 'authority'
            else 'note'
        end as row_kind

    from workbook_rows
    left join england_rows
        on workbook_rows._source_file = england_rows._source_file

),

unpivoted as (

    {{ unpivot_columns_by_pattern(
        relation=source('mhclg_revenue_outturn', 'revenue_outturn__rs'),
        id_columns=['_source_file', '_row_number'],
        patterns=ref('revenue_outturn_lines'),
        pattern_column='column_pattern',
        key_column='service_line_code',
        from_relation='workbook_rows',
    ) }}

),

final as (

    select
        workbooks.financial_year,
        workbooks.code_vintage as boundary_year,
        case when classified_rows.row_kind = 'authority' then classified_rows.published_ecode end as mhclg_ecode,
        case
            when {{ regex_matches('classified_rows.published_ons_code', '^[EWSNK][0-9]{8}$') }}
                then classified_rows.published_ons_code
        end as ons_code,
        classified_rows.authority_name,
        case when classified_rows.row_kind <> 'england total' then classes.authority_class end as authority_class,
        classified_rows.published_class,
        classified_rows.row_kind,
        lines.service_line_code,
        lines.service_line_name,
        lines.line_kind,
        trim(unpivoted.published_value) as published_value,
        case
            when {{ regex_matches('trim(unpivoted.published_value)', '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$') }}
                then round(cast(trim(unpivoted.published_value) as double) * 1000, 2)
        end as net_current_expenditure_gbp,
        unpivoted.source_column,
        classified_rows._source_file as source_file,
        classified_rows._sheet as source_sheet,
        classified_rows._row_number as source_row_number

    from unpivoted
    inner join classified_rows
        on
            unpivoted._source_file = classified_rows._source_file
            and unpivoted._row_number = classified_rows._row_number
    -- A column counts for the workbooks whose header had it; in the others it is empty.
    inner join landed_columns
        on
            unpivoted._source_file = landed_columns.source_file
            and unpivoted.source_column = landed_columns.column_name
    inner join workbooks
        on classified_rows._source_file = workbooks.source_file
    inner join lines
        on unpivoted.service_line_code = lines.service_line_code
    left join classes
        on classified_rows.published_class = classes.published_class
    where classified_rows.row_kind <> 'note'

)

select * from final
