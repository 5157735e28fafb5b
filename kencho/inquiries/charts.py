"""Charts of a survey's aggregate, drawn with the open data module's accessible SVG charts: per
respondent totals of each number question, and the count of each option of each choice question.
Each chart comes with the same figures as a table for the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kencho.opendata.charts import bar_chart_svg


def _text(label: dict[str, str], language: str) -> str:
    return label.get(language) or label.get("ja", "")


def survey_charts(result: dict[str, Any], language: str) -> list[dict[str, Any]]:
    charts = []
    for index, measure in enumerate(result["measures"]):
        title = _text(measure["label"], language)
        if measure["kind"] == "number":
            labels = [_text(r["name"], language) for r in result["by_respondent"]]
            values = [float(Decimal(r["values"].get(measure["key"], "0"))) for r in result["by_respondent"]]
            heading = _("%(question)s（回答団体別の合計）") % {"question": title}
        else:
            labels = [_text(o["label"], language) for o in measure["options"]]
            values = [float(o["count"]) for o in measure["options"]]
            heading = _("%(question)s（選択肢別の件数）") % {"question": title}
        if not labels:
            continue
        charts.append(
            {
                "title": heading,
                "svg": bar_chart_svg(labels, values, title=heading, chart_id=f"survey-chart-{index}"),
                "rows": list(zip(labels, values, strict=True)),
            }
        )
    return charts
