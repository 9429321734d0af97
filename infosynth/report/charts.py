"""The report's SVG charts: colours that keep their contrast, the category heatmap, bar charts and the plan's timeline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .environment import CATEGORY_LABELS, format_cell, plural

if TYPE_CHECKING:

    pass


def _mix(low: tuple[int, int, int], high: tuple[int, int, int], t: float) -> str:
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high))


def _luminance(hex_colour: str) -> float:
    def channel(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21).

    >>> round(contrast_ratio("#000000", "#ffffff"))
    21
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (always at least 4.5:1)."""
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#ffffff") else "#ffffff"


HEAT_LOW, HEAT_HIGH = (244, 247, 251), (12, 74, 110)


def heatmap_chart(rows: list[dict[str, Any]], categories: Sequence[str]) -> dict[str, Any]:
    """The interview × category heatmap, drawn as a table: each cell shows its count on a shade of that count.

    Every number is printed in its cell (nothing is only on hover), so the chart reads on a phone and on paper.
    """
    peak = max((r["counts"][c] for r in rows for c in categories), default=0) or 1
    shades: dict[int, tuple[str, str]] = {}  # count → (fill, ink): counts repeat, contrast maths is not free
    about = [f"about {CATEGORY_LABELS.get(c, c).lower()}" for c in categories]
    cells, table_rows = [], []
    for row in rows:
        label = row.get("full", row["label"])  # a table cell wraps: the whole name fits
        row_cells = []
        for j, cat in enumerate(categories):
            n = row["counts"][cat]
            if n not in shades:
                fill = _mix(HEAT_LOW, HEAT_HIGH, (n / peak) ** 0.7 if n else 0.0)
                shades[n] = fill, text_colour_on(fill)
            fill, ink = shades[n]
            cell = {"fill": fill, "ink": ink, "value": n, "tip": f"{label}: {plural(n, 'snippet')} {about[j]}"}
            row_cells.append(cell)
            cells.append(cell)
        table_rows.append({"label": label, "note": row.get("note", ""), "cells": row_cells})
    return {
        "columns": [CATEGORY_LABELS.get(c, c) for c in categories], "rows": table_rows, "cells": cells,
        "title": "Snippets per category in each interview",
        "description": f"Heatmap of {plural(len(rows), 'interview')} by {len(categories)} categories; "
                       f"darker means more snippets, at most {peak} in one cell.",
    }


def bar_chart(items: Sequence[tuple[str, float, str]], title: str, label_width: int = 250,
              bar_width: int = 340) -> dict[str, Any]:
    """A horizontal bar chart of ``(label, value, description)`` items, drawn in HTML: the label and the value are
    text beside each bar, so they wrap and stay readable on a phone. ``label_width`` and ``bar_width`` are kept
    for callers of the former SVG version and no longer used."""
    peak = max((v for _, v, _ in items), default=0) or 1
    bars = []
    for label, value, tip in items:
        pct = 100.0 * value / peak if value else 0.0
        bars.append({
            "label": str(label), "full": str(label), "value": format_cell(float(value)), "tip": tip,
            "pct": round(max(pct, 0.5) if value else 0.0, 1),
        })
    return {
        "bars": bars, "title": title,
        "description": title + ": " + "; ".join(f"{b['full']} {b['value']}" for b in bars),
    }


TRACK_COLOURS = ("#2f6f9f", "#b45309", "#2f7d4f", "#7b3fa0", "#8a5a00", "#4f5965")  # all ≥ 3:1 on white


def plan_chart(quarters: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The plan's hours per quarter, stacked by track, drawn in HTML, with the hours of each track in a table."""
    tracks = list(dict.fromkeys(str(a["track"] or "other") for q in quarters for a in q["actions"]))
    peak = max((q["hours"] for q in quarters), default=0)
    if not peak:
        return None
    colours = {t: TRACK_COLOURS[i % len(TRACK_COLOURS)] for i, t in enumerate(tracks)}
    rows = []
    for q in quarters:
        hours: defaultdict[str, float] = defaultdict(float)
        for a in q["actions"]:
            if isinstance(a["hours"], (int, float)):
                hours[str(a["track"] or "other")] += a["hours"]
        segments = [{"track": t, "hours": format_cell(float(hours[t])), "fill": colours[t],
                     "pct": round(100.0 * hours[t] / peak, 1)} for t in tracks if hours[t]]
        rows.append({"label": q["quarter"], "total": format_cell(float(q["hours"])), "segments": segments,
                     "by_track": [format_cell(float(hours[t])) if hours[t] else "" for t in tracks]})
    return {
        "rows": rows, "tracks": tracks, "legend": [{"fill": colours[t], "text": t} for t in tracks],
        "title": "Hours planned per quarter, by track",
        "description": "; ".join(f"{r['label']}: {r['total']} hours" for r in rows),
    }
