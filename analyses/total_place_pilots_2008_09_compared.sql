-- The 2009-10 pilots' hand counts for 2008-09 beside today's count, in 2008-09 prices.
-- The pilots' figures, as HM Treasury and CLG's "Total Place: a whole area approach to public
-- services" (March 2010) and the pilots' own reports give them: Birmingham 2008-09 £7.3bn, of
-- which the city council £3.6bn, primary care trusts £1.9bn and Jobcentre Plus £0.7bn;
-- Worcestershire over £4.4bn, under 25% of it through its councils; the 13 pilots £82bn,
-- about 20% of national spending. The count's year is its earliest complete count (every
-- source), restated in 2008-09 prices by HM Treasury's method (the GDP deflator by financial
-- year, dim_financial_year). Each row says why the two differ.
with

pilot_counts as (

    select
        pilots.row_order,
        pilots.pilot_area,
        pilots.measure,
        pilots.pilot_2008_09_gbp_bn,
        pilots.pilot_share

    from (
        values
        (1, 'Birmingham', 'all public spend', 7.3, cast(null as double)),
        (2, 'Birmingham', 'council', 3.6, null),
        (3, 'Birmingham', 'NHS (primary care trusts)', 1.9, null),
        (4, 'Birmingham', 'working-age benefits (Jobcentre Plus)', 0.7, null),
        (5, 'Worcestershire', 'all public spend', 4.4, null),
        (6, 'Worcestershire', 'share through its councils', null, 0.25),
        (7, 'the 13 pilots', 'all public spend', 82.0, null),
        (8, 'the 13 pilots', 'share of national spending', null, 0.20)
    ) as pilots (row_order, pilot_area, measure, pilot_2008_09_gbp_bn, pilot_share)

),

count_year as (

    select min(financial_year) as financial_year
    from marts.rpt_total_place_count
    where is_complete_count

),

to_2008_09_prices as (

    select
        count_year.financial_year,
        prices_2008_09.gdp_deflator_index / prices_then.gdp_deflator_index as factor

    from count_year
    inner join marts.dim_financial_year as prices_then
        on count_year.financial_year = prices_then.financial_year
    inner join marts.dim_financial_year as prices_2008_09
        on prices_2008_09.financial_year = '2008-09'

),

pilot_places as (

    select
        places.place_name,
        places.total_spend_gbp,
        places.council_share

    from marts.rpt_total_place_count as places
    inner join count_year
        on places.financial_year = count_year.financial_year
    where places.place_kind = 'total place pilot'

),

birmingham_spend as (

    select
        sum(spend.spend_gbp) as all_gbp,
        -- The city council's own current spend, as the pilot counted the council alone (not
        -- the transport authority, nor councils' capital, which the CRA does not split by body).
        sum(
            case
                when spend.source = 'revenue_outturn' and spend.spending_body_code = spend.district_code
                    then spend.spend_gbp
            end
        ) as council_gbp,
        sum(case when spend.body_kind = 'NHS and health' then spend.spend_gbp end) as nhs_gbp,
        -- Working-age benefits: DWP's spending but pensions (10.2 old age, 10.3 survivors).
        sum(
            case
                when
                    spend.spending_body_name = 'Department for Work and Pensions'
                    and spend.service_line_code not in ('10.2', '10.3')
                    then spend.spend_gbp
            end
        ) as working_age_benefits_gbp

    from marts.fct_place_spend as spend
    inner join count_year
        on spend.financial_year = count_year.financial_year
    where spend.district_code = 'E08000025'

),

england as (

    select sum(places.total_spend_gbp) as all_gbp
    from marts.rpt_total_place_count as places
    inner join count_year
        on places.financial_year = count_year.financial_year
    where places.place_kind = 'district'

),

pilots_total as (

    select sum(total_spend_gbp) as all_gbp
    from pilot_places

),

counted as (

    select
        1 as row_order,
        all_gbp as count_gbp,
        cast(null as double) as count_share
    from birmingham_spend

    union all

    select
        2 as row_order,
        council_gbp as count_gbp,
        null as count_share
    from birmingham_spend

    union all

    select
        3 as row_order,
        nhs_gbp as count_gbp,
        null as count_share
    from birmingham_spend

    union all

    select
        4 as row_order,
        working_age_benefits_gbp as count_gbp,
        null as count_share
    from birmingham_spend

    union all

    select
        5 as row_order,
        total_spend_gbp as count_gbp,
        null as count_share
    from pilot_places
    where place_name = 'Worcestershire'

    union all

    select
        6 as row_order,
        null as count_gbp,
        council_share as count_share
    from pilot_places
    where place_name = 'Worcestershire'

    union all

    select
        7 as row_order,
        all_gbp as count_gbp,
        null as count_share
    from pilots_total

    union all

    select
        8 as row_order,
        null as count_gbp,
        pilots_total.all_gbp / england.all_gbp as count_share
    from pilots_total
    cross join england

),

why as (

    select
        reasons.row_order,
        reasons.reason

    from (
        values
        (
            1,
            'the count adds capital and every central body identifiable to the city '
            || '(pensions, DWP and HMRC benefits, academies and colleges paid directly, public '
            || 'corporations), and 2013-14 is five years after 2008-09.'
        ),
        (
            2,
            'the count takes the council''s net current expenditure (after fees, charges and '
            || 'other income; without the housing revenue account or capital grants), where the '
            || 'pilot counted its gross budget.'
        ),
        (
            3,
            'the count places the Department of Health group''s regional spend by NHS '
            || 'England''s need-weighted population, much as primary care trusts were funded.'
        ),
        (
            4,
            'the count places all DWP working-age benefits (disability and incapacity as well '
            || 'as jobseekers) by the IMD employment count, where the pilot counted what '
            || 'Jobcentre Plus itself paid.'
        ),
        (
            5,
            'the pilot''s ''over £4.4bn'' was a floor built from each agency''s gross budget; '
            || 'the count takes councils'' net current spend, and the six districts'' share of '
            || 'regional central spend by need.'
        ),
        (
            6,
            'as the pilot found, most public money in a shire county is central (pensions, '
            || 'the NHS, benefits, academies), not its councils''.'
        ),
        (
            7,
            'the count adds capital and public corporations and places benefits and pensions '
            || 'by need; the areas are today''s boundaries of the 2010 areas, and 2013-14 is '
            || 'later.'
        ),
        (
            8,
            'the share of England''s count the 13 areas hold.'
        )
    ) as reasons (row_order, reason)

),

compared as (

    select
        pilot_counts.row_order,
        pilot_counts.pilot_area,
        pilot_counts.measure,
        pilot_counts.pilot_2008_09_gbp_bn,
        pilot_counts.pilot_share,
        to_2008_09_prices.financial_year as count_year,
        counted.count_gbp * to_2008_09_prices.factor / 1e9 as count_in_2008_09_prices_gbp_bn,
        counted.count_share,
        why.reason

    from pilot_counts
    inner join counted
        on pilot_counts.row_order = counted.row_order
    inner join why
        on pilot_counts.row_order = why.row_order
    cross join to_2008_09_prices

)

select
    pilot_area,
    measure,
    pilot_2008_09_gbp_bn,
    pilot_share,
    count_year,
    round(count_in_2008_09_prices_gbp_bn, 2) as count_in_2008_09_prices_gbp_bn,
    round(count_share, 3) as count_share,
    round(count_in_2008_09_prices_gbp_bn - pilot_2008_09_gbp_bn, 2) as difference_gbp_bn,
    case
        when pilot_share is not null
            then
                case
                    when abs(count_share - pilot_share) <= 0.05 then 'about the same share: '
                    when count_share > pilot_share then 'a larger share: '
                    else 'a smaller share: '
                end
        when abs(count_in_2008_09_prices_gbp_bn / pilot_2008_09_gbp_bn - 1) <= 0.1 then 'within 10%: '
        when count_in_2008_09_prices_gbp_bn > pilot_2008_09_gbp_bn then 'higher: '
        else 'lower: '
    end || reason as why_they_differ
from compared
order by row_order
