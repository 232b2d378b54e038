"""A self-contained HTML profile of one place, from the published warehouse.

Total public spend per head by theme and by kind of body against the place's peers and
England, the trend over the years, and the outcome baseline against England and peers, as
charts (inline SVG, no scripts, nothing fetched) with the numbers beside them.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import duckdb

from total_place.settings import Settings

COLOURS = {"place": "#1d70b8", "peers": "#f47738", "england": "#505a5f"}
COMPARISON_COLOURS = {"better": "#00703c", "similar": "#ffdd00", "worse": "#d4351c", "not compared": "#b1b4b6"}


class PlaceNotFoundError(LookupError):
    """No district has that code or name."""


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    region: str
    upper_tier: str
    population: int
    imd_rank: int


def _find_place(con: duckdb.DuckDBPyConnection, place: str) -> Place:
    row = con.execute(
        "select district_code, district_name, region_name, upper_tier_name, population_mid_2020, "
        "imd_2019_rank_of_average_score from marts.dim_place "
        "where upper(district_code) = upper(?) or lower(district_name) = lower(?)",
        [place, place],
    ).fetchone()
    if row is None:
        raise PlaceNotFoundError(f"{place}: no district of marts.dim_place has that code or name")
    return Place(*row)


def _comparison_rows(con: duckdb.DuckDBPyConnection, place: Place, dimension: str, year: str) -> list[tuple]:
    """(category, place, peers, England) spend per head, from marts.rpt_place_spend_comparison."""
    return con.execute(
        "select category, spend_per_head_gbp, peers_spend_per_head_gbp, england_spend_per_head_gbp "
        "from marts.rpt_place_spend_comparison "
        "where district_code = ? and financial_year = ? and dimension = ? "
        "order by spend_per_head_gbp desc",
        [place.code, year, dimension],
    ).fetchall()


def _bar_chart(rows: list[tuple], title: str) -> str:
    """Grouped horizontal bars: place, peers, England, with the values written beside them."""
    width, label_width, bar_height, gap = 760, 250, 10, 14
    maximum = max((value or 0) for row in rows for value in row[1:]) or 1
    height = len(rows) * (3 * bar_height + gap) + 30
    parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{height}">']
    y = 10
    for category, *values in rows:
        parts.append(f'<text x="0" y="{y + 2 * bar_height}" class="label">{html.escape(str(category))}</text>')
        for offset, (series, value) in enumerate(zip(("place", "peers", "england"), values, strict=True)):
            bar = 0 if value is None else max(value, 0) / maximum * (width - label_width - 90)
            top = y + offset * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{top}" width="{bar:.1f}" height="{bar_height - 1}" '
                f'fill="{COLOURS[series]}"><title>{series}: £{(value or 0):,.0f}</title></rect>'
            )
            parts.append(
                f'<text x="{label_width + bar + 4:.1f}" y="{top + bar_height - 2}" class="value">'
                f"£{(value or 0):,.0f}</text>"
            )
        y += 3 * bar_height + gap
    parts.append("</svg>")
    return "".join(parts)


def _line_chart(rows: list[tuple], title: str) -> str:
    """Spend per head over the years: the place, its peers and England."""
    width, height, left, bottom = 760, 260, 70, 40
    years = [row[0] for row in rows]
    values = [value for row in rows for value in row[1:4] if value is not None]
    top_value = max(values) * 1.1 if values else 1
    step = (width - left - 20) / max(len(years) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return left + index * step, height - bottom - value / top_value * (height - bottom - 20)

    parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{height}">']
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" class="axis"/>')
    for index, year in enumerate(years):
        x, _ = point(index, 0)
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" class="tick" text-anchor="middle">{year}</text>')
    for position, series in enumerate(("place", "peers", "england"), start=1):
        coordinates = [point(i, row[position]) for i, row in enumerate(rows) if row[position] is not None]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[series]}" stroke-width="3"/>')
        for (x, y), row in zip(coordinates, [r for r in rows if r[position] is not None], strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS[series]}">'
                f"<title>{series} {row[0]}: £{row[position]:,.0f}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _outcome_chart(rows: list[tuple]) -> str:
    """Each indicator as a dot (with its limits where known), on a scale centred on England's value
    (or the place's, where England has none), so left and right of the grey tick read the same way."""
    width, row_height = 760, 26
    parts = [f'<svg role="img" aria-label="Outcome baseline" width="{width}" height="{len(rows) * row_height + 10}">']
    for index, (name, _, value, lower, upper, england, peers, comparison, *_rest) in enumerate(rows):
        y = index * row_height + 16
        centre = england if england is not None else value if value is not None else 0
        spread = max((abs(v - centre) for v in (value, lower, upper, peers) if v is not None), default=0)
        half = spread * 1.25 or abs(centre) * 0.1 or 1

        def x(v: float, centre: float = centre, half: float = half) -> float:
            return 580 + (v - centre) / half * 160

        parts.append(f'<text x="0" y="{y + 4}" class="label">{html.escape(name[:62])}</text>')
        parts.append(f'<line x1="420" y1="{y}" x2="740" y2="{y}" class="axis"/>')
        if lower is not None and upper is not None:
            parts.append(f'<line x1="{x(lower):.1f}" y1="{y}" x2="{x(upper):.1f}" y2="{y}" class="ci"/>')
        if england is not None:
            parts.append(
                f'<line x1="{x(england):.1f}" y1="{y - 8}" x2="{x(england):.1f}" y2="{y + 8}" '
                f'stroke="{COLOURS["england"]}" stroke-width="2"><title>England {england:,.1f}</title></line>'
            )
        if peers is not None:
            parts.append(
                f'<rect x="{x(peers) - 4:.1f}" y="{y - 4}" width="8" height="8" fill="{COLOURS["peers"]}">'
                f"<title>peers {peers:,.1f}</title></rect>"
            )
        if value is not None:
            parts.append(
                f'<circle cx="{x(value):.1f}" cy="{y}" r="6" fill="{COMPARISON_COLOURS[comparison]}" '
                f'stroke="#0b0c0c"><title>{value:,.1f} ({comparison})</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _money(value: float | None) -> str:
    return "" if value is None else f"£{value:,.0f}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def _neighbourhoods(con: duckdb.DuckDBPyConnection, place: Place) -> str:
    """The place's small areas in England's most deprived tenth in every IMD vintage, and how many in each."""
    vintages = con.execute(
        "select imd_vintage, most_deprived_decile_small_areas, small_areas, persistently_deprived_small_areas, "
        "persistently_deprived_population, persistently_deprived_population_share, population_year, "
        "small_areas_without_rank "
        "from marts.rpt_place_neighbourhoods where place_kind = 'district' and place_code = ? order by imd_vintage",
        [place.code],
    ).fetchall()
    if not vintages:
        return "<p>No small-area deprivation for this place.</p>"
    areas = con.execute(
        """
        select lsoa_code, max(lsoa_name), max(population),
            max(case when imd_vintage = 2010 then imd_rank end),
            max(case when imd_vintage = 2015 then imd_rank end),
            max(case when imd_vintage = 2019 then imd_rank end),
            bool_or(is_carried_approximately)
        from marts.fct_small_area_deprivation
        where district_code = ? and is_persistently_deprived
        group by lsoa_code
        order by max(case when imd_vintage = 2019 then imd_rank end)
        """,
        [place.code],
    ).fetchall()
    first = vintages[0]
    counts = ", ".join(f"{row[1]:,} of {row[2]:,} in {row[0]}" for row in vintages)
    unranked = (
        f" {first[7]:,} of its small areas have no 2001 parent, so no 2010 rank, and cannot count as persistent."
        if first[7]
        else ""
    )
    rows = [
        [
            code, name, f"{population:,}", f"{rank_2010:,}" if rank_2010 else "", f"{rank_2015:,}",
            f"{rank_2019:,}", "approximate (2001 area redrawn)" if approximate else "",
        ]
        for code, name, population, rank_2010, rank_2015, rank_2019, approximate in areas
    ]  # fmt: skip
    years = ("IMD rank 2010", "IMD rank 2015", "IMD rank 2019")
    headers = ["small area", "name", f"residents (mid-{first[6]})", *years, "2010 rank"]
    return f"""<p><span class="figure">{first[3]:,}</span> small areas (LSOAs) of {html.escape(place.name)} are in
England's most deprived tenth in all three Indices of Deprivation (2010, 2015 and 2019): {first[4]:,} residents
(mid-{first[6]}), {first[5]:.1%} of the place's. In the most deprived tenth: {counts}.{unranked}</p>
{_table(headers, rows)}
<p class="lede">Rank 1 is the most deprived of England's 32,844 small areas (32,482 in 2010, carried to 2011 areas
through ONS's lookup).</p>"""


def render_profile(con: duckdb.DuckDBPyConnection, place: str) -> tuple[Place, str]:
    found = _find_place(con, place)
    year = con.execute(
        "select max(financial_year) from marts.rpt_total_place_count where is_complete_count"
    ).fetchone()[0]
    themes = _comparison_rows(con, found, "theme", year)
    bodies = _comparison_rows(con, found, "kind of body", year)
    trend = con.execute(
        "select comparison.financial_year, comparison.spend_per_head_gbp, comparison.peers_spend_per_head_gbp, "
        "comparison.england_spend_per_head_gbp, count_.is_complete_count, comparison.spend_gbp, count_.count_scope "
        "from marts.rpt_place_spend_comparison as comparison "
        "inner join marts.rpt_total_place_count as count_ "
        "on count_.place_code = comparison.district_code and count_.financial_year = comparison.financial_year "
        "where comparison.district_code = ? and comparison.dimension = 'total' order by 1",
        [found.code],
    ).fetchall()
    outcomes = con.execute(
        """
        select indicator_name || case when sex <> 'Persons' then ' (' || sex || ')' else '' end, period,
            indicator_value, lower_95_limit, upper_95_limit, england_value, peer_average,
            comparison_with_england, trend, is_upper_tier_value, is_suppressed, theme
        from marts.fct_outcome_baseline
        where district_code = ? and is_baseline_period
        order by theme, indicator_name, sex
        """,
        [found.code],
    ).fetchall()
    built = con.execute("select built_at, code_version from meta.build_info").fetchone()

    total = next((row for row in trend if row[0] == year), None)
    outcome_rows = [
        [
            row[0], row[1], "suppressed" if row[10] else _number(row[2]),
            "" if row[3] is None else f"{row[3]:,.1f} to {row[4]:,.1f}", _number(row[5]), _number(row[6]),
            row[7], row[8], "county value" if row[9] else "",
        ]
        for row in outcomes
    ]  # fmt: skip
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(found.name)}: Total Place profile</title>
<style>
body {{ font-family: Arial, sans-serif; margin: 2em auto; max-width: 980px; color: #0b0c0c; }}
h1 {{ margin-bottom: 0; }} .lede {{ color: #505a5f; margin-top: 0.3em; }}
.key span {{ display: inline-block; padding: 2px 8px; margin-right: 8px; color: white; }}
.label {{ font-size: 12px; }} .value, .tick {{ font-size: 11px; fill: #0b0c0c; }}
.axis {{ stroke: #b1b4b6; }} .ci {{ stroke: #0b0c0c; stroke-width: 2; }}
table {{ border-collapse: collapse; font-size: 13px; margin: 1em 0; }}
td, th {{ border-bottom: 1px solid #b1b4b6; padding: 4px 8px; text-align: left; }}
.figure {{ font-size: 2em; font-weight: bold; }}
</style></head><body>
<h1>{html.escape(found.name)}</h1>
<p class="lede">{html.escape(found.code)} &middot; {html.escape(found.upper_tier)} &middot; {html.escape(found.region)}
&middot; {found.population:,} residents (mid-2020) &middot; IMD 2019 rank {
        found.imd_rank
    } of 296 (1 = most deprived)</p>
<p><span class="figure">{_money(total[1] if total else None)}</span> of public money per resident in {year}:
{_money(total[5] if total else None)} in all, against {_money(total[2] if total else None)}
per head in its 15 statistical neighbours and {_money(total[3] if total else None)} in England.</p>
<p class="key"><span style="background:{COLOURS["place"]}">{html.escape(found.name)}</span>
<span style="background:{COLOURS["peers"]}">peers (15 nearest neighbours)</span>
<span style="background:{COLOURS["england"]}">England</span></p>
<h2>Spend per head by theme, {year}</h2>
{_bar_chart(themes, "Spend per head by theme")}
{_table(["theme", found.name, "peers", "England"], [[r[0], _money(r[1]), _money(r[2]), _money(r[3])] for r in themes])}
<h2>Spend per head by kind of body, {year}</h2>
{_bar_chart(bodies, "Spend per head by kind of body")}
{
        _table(
            ["kind of body", found.name, "peers", "England"],
            [[r[0], _money(r[1]), _money(r[2]), _money(r[3])] for r in bodies],
        )
    }
<h2>Spend per head over the years</h2>
<p>The chart joins only complete counts (every source covers the year); the table also lists the
years that count local bodies' current spend alone, which are not comparable with them.</p>
{_line_chart([row for row in trend if row[4]], "Spend per head over the years (complete counts)")}
{
        _table(
            ["year", found.name, "peers", "England", "what the year counts"],
            [[r[0], _money(r[1]), _money(r[2]), _money(r[3]), r[6]] for r in trend],
        )
    }
<h2>Outcome baseline</h2>
<p>Dot: {html.escape(found.name)} (green better than England, yellow similar, red worse, grey not compared);
black line: its 95% limits where known; grey tick: England; orange square: peers.</p>
{_outcome_chart(outcomes)}
{_table(["indicator", "period", "value", "95% limits", "England", "peers", "vs England", "trend", ""], outcome_rows)}
<h2>Neighbourhoods with persistently poor outcomes</h2>
{_neighbourhoods(con, found)}
<p class="lede">Built {built[0]:%Y-%m-%d %H:%M} UTC from code {html.escape(str(built[1]))}; page written
{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. Contains public sector information licensed under the Open Government
Licence v3.0; Source: Office for National Statistics; contains data from mySociety, licensed under CC BY 4.0.</p>
</body></html>
"""
    return found, page


def write_profile(settings: Settings, place: str, out_dir: Path) -> Path:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        found, page = render_profile(con, place)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{found.code}_{found.name.lower().replace(' ', '_').replace(',', '')}.html"
    path.write_text(page, encoding="utf-8")
    return path
