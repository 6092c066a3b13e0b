"""The key figures page (`/key-figures/`) and its CSV, both from `mapping.key_figures`.

The page draws its charts in the browser with Chart.js, served by the app (config/static_assets.py),
from the data of a json_script tag; each chart has the same numbers as a table beside it.
"""

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.static_assets import CHART_JS
from mapping.exports.formats import neutralised
from mapping.key_figures import KeyFigures, figure_rows, key_figures
from territory.communes import commune_for, commune_or_all

CSV_COLUMNS = ("figure", "label", "value", "unit", "loos_en_gohelle", "loos_en_gohelle_source")


def _number(value) -> float | int:
    return float(value) if isinstance(value, Decimal) else value


def _chart(key, title, unit, labels, series, *, kind="bar") -> dict:
    """One chart as the page's script draws it and its table shows it: `series` are
    (name, values) pairs, one value per label; `rows` are the same numbers label by label."""
    labels = [str(label) for label in labels]
    series = [
        {"name": str(name), "values": [_number(value) for value in values]}
        for name, values in series
    ]
    return {
        "id": f"chart-{key}",
        "kind": kind,
        "title": str(title),
        "unit": str(unit),
        "labels": labels,
        "series": series,
        "rows": [
            {"label": label, "values": [each["values"][index] for each in series]}
            for index, label in enumerate(labels)
        ],
    }


def charts(figures: KeyFigures) -> list[dict]:
    """The charts of the page, each only when it has something to show."""
    found = []
    if figures.proposals_by_status:
        found.append(
            _chart(
                "proposals-status",
                _("Proposals by status"),
                _("proposals"),
                [item.label for item in figures.proposals_by_status],
                [(_("Proposals"), [item.count for item in figures.proposals_by_status])],
            )
        )
    if figures.proposals_by_category:
        found.append(
            _chart(
                "proposals-category",
                _("Proposals by category"),
                _("proposals"),
                [item.label for item in figures.proposals_by_category],
                [(_("Proposals"), [item.count for item in figures.proposals_by_category])],
            )
        )
    if figures.meetings_per_year:
        found.append(
            _chart(
                "meetings-year",
                _("Public meetings per year"),
                _("meetings"),
                [year for year, _count in figures.meetings_per_year],
                [(_("Public meetings"), [count for _year, count in figures.meetings_per_year])],
            )
        )
    if figures.meetings_per_mandate:
        seed = figures.seed.get("meetings_per_mandate")
        series = [
            (_("Public meetings"), [count for _mandate, count in figures.meetings_per_mandate])
        ]
        if seed:
            series.append(
                (
                    _("Loos-en-Gohelle (seed document)"),
                    [seed.value for _item in figures.meetings_per_mandate],
                )
            )
        found.append(
            _chart(
                "meetings-mandate",
                _("Public meetings per mandate"),
                _("meetings"),
                [mandate.label for mandate, _count in figures.meetings_per_mandate],
                series,
            )
        )
    if figures.fifty_fifty_per_year:
        years = figures.fifty_fifty_per_year
        found.append(
            _chart(
                "fifty-fifty-year",
                _("Fifty-fifty projects approved per year"),
                "€",
                [year.year for year in years],
                [
                    (_("Total budget"), [year.total_budget for year in years]),
                    (_("Town's share"), [year.town_share for year in years]),
                ],
            )
        )
    if figures.eco_housing_per_year:
        found.append(
            _chart(
                "eco-housing-year",
                _("Eco-housing dwellings delivered per year"),
                _("dwellings"),
                [year for year, _dwellings in figures.eco_housing_per_year],
                [
                    (
                        _("Dwellings"),
                        [dwellings for _year, dwellings in figures.eco_housing_per_year],
                    )
                ],
            )
        )
    organic = figures.organic
    if organic.utilised_agricultural_area_ha:
        rest = max(organic.utilised_agricultural_area_ha - organic.organic_area_ha, Decimal(0))
        found.append(
            _chart(
                "organic-share",
                _("Utilised agricultural area"),
                "ha",
                [_("Organic farmland"), _("Other farmland")],
                [(_("Area"), [organic.organic_area_ha, rest])],
                kind="doughnut",
            )
        )
    return found


@require_safe
def key_figures_page(request):
    commune = commune_for(request)
    figures = key_figures(commune)
    return render(
        request,
        "mapping/key_figures.html",
        {
            "commune": commune,
            "figures": figures,
            "seed": figures.seed,
            "charts": charts(figures),
            "chart_js": CHART_JS,
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
def key_figures_csv(request):
    """One row per figure: its key, label, value and unit, and Loos-en-Gohelle's figure with the
    seed document's sentence. `?commune=` names a commune; without it, the whole deployment."""
    commune = commune_or_all(request)
    rows = figure_rows(key_figures(commune))
    writer = csv.writer(_Echo())

    def lines():
        # The BOM tells spreadsheets the file is UTF-8, so accents survive.
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for row in rows:
            values = (
                row.figure,
                row.label,
                "" if row.value is None else row.value,
                row.unit,
                "" if row.seed_value is None else row.seed_value,
                row.seed_sentence,
            )
            yield writer.writerow([neutralised(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = commune.insee if commune is not None else "all"
    response["Content-Disposition"] = f'attachment; filename="chiffres-cles-{name}.csv"'
    return response
