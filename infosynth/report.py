"""Rendering: report.html / report.md / report.json and the CSV exports of a Synthesis.

Every template receives the same plain context built by :func:`report_context` (lists of dicts, strings and
numbers, no DataFrames), so a user's own template needs no pandas knowledge. Chart data is computed here and drawn
in HTML and CSS by ``templates/partials/charts.html.j2`` (labels and numbers stay text, readable on a phone); all
text goes through Jinja's autoescaping (HTML) or :func:`md_escape` (Markdown). The short page for a mentor is
:mod:`infosynth.mentor`.

>>> from infosynth.report import md_escape
>>> md_escape("<b>[link](x)</b> *bold*")
'\\\\<b\\\\>\\\\[link\\\\](x)\\\\</b\\\\> \\\\*bold\\\\*'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import math
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .export import Columns, FileSet, csv_bytes, frame_records, json_bytes
from .models import CATEGORIES, Note, Snippet, is_takeaway, to_date
from .people import display_name, short_names
from .plan import has_profile

if TYPE_CHECKING:
    import pandas as pd

    from .synthesis import Synthesis

TEMPLATE_DIR = Path(__file__).parent / "templates"

CATEGORY_LABELS = {"roles": "Roles", "skills": "Skills", "day-to-day": "Day-to-day", "culture": "Culture"}
TAKEAWAYS_PER_INTERVIEW = 5
QUOTES_PER_THEME = 3
THEMES_IN_FULL = 8  # themes shown with quotes; the rest are listed in a table
THEMES_IN_CHART = 15
SKILLS_IN_CHART = 15
COVERAGE_LABEL_CHARS = 32  # interview labels in the coverage grid

PLAN_TABLES = ("skills", "gaps", "plan", "paths", "goals", "questions")
# Columns of the tables the report shows (report.json and the CSVs keep every column).
SHOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "skills": ("skill", "kind", "n_interviews", "stance", "have", "people"),
    "gaps": ("rank", "skill", "kind", "n_interviews", "why", "people"),
    "plan": ("quarter", "track", "action", "skill", "hours", "metric"),
    "paths": ("person", "from_role", "to_role", "via"),
    "goals": ("goal", "verdict", "n_supporting", "n_challenging"),
    "questions": ("question", "why", "ask"),
}
COLUMN_HEADINGS = {"n_interviews": "Interviews", "have": "You have it", "from_role": "From", "to_role": "To",
                   "n_supporting": "For", "n_challenging": "Against", "rank": "#"}


# ------------------------------------------------------------------------------------------ environments


def environment(templates: Path | None = None, markdown: bool = False):
    """A sandboxed Jinja environment: the user's template folder first, the built-in templates behind it.

    Templates run in Jinja's sandbox: a template can read the report's data and nothing else (no attributes such
    as ``__globals__``, no methods that change data), since a templates folder may arrive with a synced or
    shared notes folder. HTML templates are autoescaped; the Markdown environment escapes every ``{{ value }}`` with
    :func:`md_escape` instead (wrap trusted Markdown in :class:`MarkdownText` to keep it as is).
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape

    Environment = _environment_class()

    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(TEMPLATE_DIR)))
    options: dict[str, Any] = {
        "loader": ChoiceLoader(loaders),
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if markdown:
        env = Environment(autoescape=False, finalize=md_escape, **options)
        env.filters["markdown"] = MarkdownText  # trusted Markdown built by the template itself (tables)
    else:
        env = Environment(
            autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "svg", "j2"), default_for_string=True),
            **options,
        )
    env.filters.update(nicedate=nice_date, cell=format_cell, plural=plural, pct=lambda x: f"{round(100 * x)}%")
    env.globals.update(category_labels=CATEGORY_LABELS)
    return env


_ENVIRONMENTS: dict[tuple[Any, ...], Any] = {}


def _shared_environment(templates: Path | None, markdown: bool, cache_dir: Path | None = None):
    """One environment per template folder for the whole process, so templates compile once; with ``cache_dir``,
    compiled templates are also kept there for the next run.

    Jinja reloads a template whose file changed; a file added to the user's folder makes a new environment.
    """
    folder = Path(templates).resolve() if templates else None
    files = tuple(sorted(str(p) for p in folder.rglob("*"))) if folder else ()
    key = (folder, files, markdown, cache_dir)
    if key not in _ENVIRONMENTS:
        env = environment(templates, markdown)
        env.bytecode_cache = _bytecode_cache(cache_dir, markdown) if cache_dir else None
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def _bytecode_cache(cache_dir: Path, markdown: bool):
    """Compiled templates kept in ``cache_dir/templates`` for the next run (compiling the report's templates
    takes about a tenth of a second); None when that folder cannot be used or others could write to it.

    Compiled code depends on Jinja and on the settings in this module, so both are part of the file names.
    """
    import hashlib

    import jinja2

    folder = cache_dir / "templates"
    try:
        if not cache_dir.is_dir():  # made by the per-note cache; a build without it leaves no trace here either
            return None
        folder.mkdir(mode=0o700, exist_ok=True)
        mode, owner = folder.stat().st_mode, folder.stat().st_uid
    except OSError:
        return None
    if hasattr(os, "getuid") and (owner != os.getuid() or mode & 0o022):  # loading code others could write: no
        return None
    tag = f"{jinja2.__version__}|{markdown}|sandboxed|".encode() + Path(__file__).read_bytes()
    tag = hashlib.sha1(tag).hexdigest()[:12]

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a cache that cannot be written only costs time
                pass

    return BytecodeCache(str(folder), f"{tag}-%s.cache")


@functools.cache
def _environment_class():
    from jinja2.sandbox import SandboxedEnvironment

    plain = (dict, Row)
    dict_attributes = frozenset(dir(Row))

    class ReportEnvironment(SandboxedEnvironment):
        """Reads ``{{ row.name }}`` of a dict straight from its key (a key is data, safe to read in the sandbox).

        Jinja tries the attribute first and falls back to the key after an AttributeError, which is slow for
        the many thousand values a report prints; for plain dicts without a dict attribute of that name the
        answer is the same.
        """

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) in plain and attribute in obj and attribute not in dict_attributes:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return ReportEnvironment


class MarkdownText(str):
    """Markdown that is already safe and must not be escaped again."""


_MD_SPECIAL = "\\`*_[]<>|&~"
_MD_LINE_START = re.compile(r"[#+\-=]|\d+[.)]")
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")  # runs of whitespace other than a single space


def md_escape(value: Any) -> Any:
    """Escape text so that Markdown shows it literally: no HTML, links, emphasis, code or headings.

    Newlines become spaces, so a value never ends the list item or table row it sits in.

    >>> md_escape("# not a heading <img src=x onerror=alert(1)>")
    '\\\\# not a heading \\\\<img src=x onerror=alert(1)\\\\>'
    >>> md_escape(3), md_escape(None), md_escape(", ")
    (3, '', ', ')
    """
    if value is None:
        return ""
    if isinstance(value, MarkdownText) or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if "  " in text or not text.isprintable():  # every whitespace character but the space is unprintable
        text = _WHITESPACE.sub(" ", text)  # keeps the spaces of separators such as ", "
    for char in _MD_SPECIAL:  # the backslash first, so that no escape gets escaped again
        if char in text:
            text = text.replace(char, "\\" + char)
    return "\\" + text if _MD_LINE_START.match(text) else text


_BEFORE_HEADING = re.compile(r"\n(?<=[^\n]\n)(?=#{1,6} )")  # starts with a plain "\n", which re finds fast
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_markdown(text: str) -> str:
    r"""A blank line before every heading and never more than one in a row, whatever the template's whitespace.

    >>> tidy_markdown("text\n## Heading\n\n\n\nmore")
    'text\n\n## Heading\n\nmore\n'
    """
    text = _BEFORE_HEADING.sub("\n\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


# --------------------------------------------------------------------------------------------- filters


def nice_date(value: Any) -> str:
    """``2026-02-10`` → ``10 Feb 2026``; empty for no date.

    >>> nice_date("2026-02-10"), nice_date(None)
    ('10 Feb 2026', '')
    """
    day = to_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def format_cell(value: Any) -> str:
    """A table cell as text: lists joined with "; ", floats without noise, booleans as yes/no."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(format_cell(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_cell(v)}" for k, v in value.items())
    return str(value)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "interview")`` → ``1 interview``; ``plural(3, "interview")`` → ``3 interviews``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


# -------------------------------------------------------------------------------------------- pipeline


def pipeline_section(notes: list[Note], cfg: Any = None) -> dict[str, Any]:
    """Stages (planned → requested → scheduled → done → thanked, then ``unknown`` for notes without a status) with
    counts, people and a bar chart.

    Each person counts once, at the stage of their latest note (see :mod:`infosynth.outreach`); ``reached`` is
    how many got at least that far (people of unknown stage count only in their own row). ``overdue`` is how many
    days a person's next step has been due.
    """
    from .outreach import STAGES, UNKNOWN, contacts

    counts = dict.fromkeys((*STAGES, UNKNOWN), 0)  # as outreach.pipeline_counts, from the same contacts
    people: dict[str, list[dict[str, Any]]] = {stage: [] for stage in counts}
    for c in contacts(notes, cfg=cfg):
        counts[c.stage] += 1
        people.setdefault(c.stage, []).append({
            "person": c.person, "role": c.role, "organization": c.organization, "since": c.status_date,
            "next_step": c.next_step, "overdue": c.overdue_days,
        })
    stages = [
        {"stage": stage, "count": counts[stage], "reached": sum(counts[s] for s in STAGES[i:]),
         "people": people.get(stage, [])}
        for i, stage in enumerate(STAGES)
    ]
    if counts[UNKNOWN]:
        stages.append({"stage": UNKNOWN, "count": counts[UNKNOWN], "reached": counts[UNKNOWN],
                       "people": people[UNKNOWN]})
    chart = bar_chart(
        [(s["stage"], s["count"], f"{s['stage']}: {plural(s['count'], 'contact')}") for s in stages],
        title="Contacts at each stage of the relationship pipeline",
    )
    return {"stages": stages, "total": sum(counts.values()), "unknown": counts[UNKNOWN],
            "overdue": sum(1 for s in stages for p in s["people"] if p["overdue"]), "chart": chart}


# ------------------------------------------------------------------------------------------- takeaways


def informativeness(snippet: Snippet) -> float:
    """How much a snippet says: categories, a recurring theme and inline tags count; fragments count less.

    >>> a = Snippet("n.md", 1, "ok")
    >>> b = Snippet("n.md", 2, "SQL is screened live in every junior interview", categories=("skills",), theme="sql")
    >>> informativeness(b) > informativeness(a)
    True
    """
    return _informativeness(snippet, len(snippet.text.split()))


def _informativeness(snippet: Snippet, words: int) -> float:
    score = len(snippet.categories) + (1.5 if snippet.theme else 0.0) + (0.5 if snippet.hashtags else 0.0)
    if words < 5:
        score -= 1.5
    elif 8 <= words <= 45:
        score += 0.5
    if snippet.kind in ("code", "table"):
        score -= 1.0
    return score


def scores(snippets: Sequence[Snippet]) -> dict[int, float]:
    """:func:`informativeness` of each snippet by ``id()``, worked out once for both the interview takeaways and
    the theme quotes."""
    words: dict[str, int] = {}  # the same text recurs (boilerplate lines, repeated notes): split it once
    result = {}
    for s in snippets:
        n = words.get(s.text)
        if n is None:
            n = words[s.text] = len(s.text.split())
        result[id(s)] = _informativeness(s, n)
    return result


def takeaways(snippets: Sequence[Snippet], n: int = TAKEAWAYS_PER_INTERVIEW,
              score: Mapping[int, float] | None = None) -> list[Snippet]:
    """The ``n`` most informative snippets of one note, in the order they appear in it (``score``: see
    :func:`scores`). The note-taker's questions and the interview's logistics are never takeaways."""
    snippets = [s for s in snippets if is_takeaway(s)]
    score = score or scores(snippets)
    ranked = sorted(snippets, key=lambda s: (-score[id(s)], s.line))[:n]
    return sorted(ranked, key=lambda s: s.line)


# ---------------------------------------------------------------------------------------------- charts


def _mix(low: tuple[int, int, int], high: tuple[int, int, int], t: float) -> str:
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high))


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
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


# ---------------------------------------------------------------------------------------------- tables


class Row(dict):
    """A table row whose missing columns read as None, so templates can test optional columns
    (``{% if a.why %}``) of frames whose shape they do not know."""

    def __missing__(self, key: str) -> None:
        return None


def records(frame: "pd.DataFrame | None") -> list[Row]:
    """Rows of a DataFrame as plain JSON-ready dicts; missing values (NaN, NaT) become None."""
    if frame is None or len(frame) == 0:
        return []
    return [Row(r) for r in frame_records(frame)]


def table(frame: "pd.DataFrame | None", shown: Sequence[str] = ()) -> dict[str, Any]:
    """A DataFrame for templates: ``rows`` (every column) and the ``columns``/``headings`` a table shows.

    ``shown`` picks and orders the columns of the displayed table; a frame with none of them shows all of its own.
    """
    if frame is None or len(frame.columns) == 0:
        return {"columns": [], "headings": [], "rows": []}
    columns = [c for c in shown if c in frame.columns] or [str(c) for c in frame.columns]
    headings = [COLUMN_HEADINGS.get(c, c.replace("_", " ").capitalize()) for c in columns]
    return {"columns": columns, "headings": headings, "rows": records(frame)}


_PROVENANCE = re.compile(r"^(?P<note>.+?):(?P<line>\d+) (?P<text>.*?)(?: \(score (?P<score>[\d.]+)\))?$")


def provenance_quotes(value: Any, who: Any) -> list[dict[str, Any]]:
    """Evidence written as ``note:line text`` lines (as the plan tables hold it) → quotes with their source.

    >>> provenance_quotes("a.md:4 SQL first (score 0.5)", lambda note: {"person": "Bo", "date": None})
    [{'text': 'SQL first', 'note': 'a.md', 'line': 4, 'score': 0.5, 'person': 'Bo', 'date': None}]
    """
    if value in (None, ""):
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split("\n")
    quotes = []
    for item in items:
        item = str(item).strip()
        match = _PROVENANCE.match(item)
        if not item:
            continue
        if match:
            score = float(match["score"]) if match["score"] else None
            quotes.append({"text": match["text"], "note": match["note"], "line": int(match["line"]), "score": score,
                           **who(match["note"])})
        else:
            quotes.append({"text": item, "note": "", "line": None, "score": None, "person": "", "date": None})
    return quotes


def _first(row: Mapping[str, Any], *keys: str, default: Any = "") -> Any:
    for key in keys:
        value = row.get(key)
        if value not in (None, "", [], ()):
            return value
    return default


# --------------------------------------------------------------------------------------------- context


def report_context(syn: "Synthesis") -> dict[str, Any]:
    """Everything the templates show, as plain data (see docs/templates.md for each key)."""
    from . import __version__

    notes = syn.note_records
    by_path = {n.path: n for n in notes}
    snippets_by_note: dict[str, list[Snippet]] = {}
    for s in syn.snippet_records:
        snippets_by_note.setdefault(s.note, []).append(s)
    interviews = [n for n in notes if snippets_by_note.get(n.path)]
    dates = sorted(d for d in (to_date(n.date) for n in interviews) if d)

    def who(path: str) -> dict[str, Any]:
        note = by_path.get(path)
        return {"person": display_name(note) if note else "", "date": to_date(note.date) if note else None}

    score = scores(syn.snippet_records)
    themes = _themes(syn, who)
    plan = {name: table(getattr(syn, name), SHOWN_COLUMNS.get(name, ())) for name in PLAN_TABLES}
    for gap in plan["gaps"]["rows"]:
        gap["quotes"] = provenance_quotes(gap["evidence"], who)
    profile_set = has_profile(syn.config.profile)
    gaps = [g for g in plan["gaps"]["rows"] if g["skill"] and g["support"] != "mentioned once"]
    mentioned_once = [g for g in plan["gaps"]["rows"] if g["skill"] and g["support"] == "mentioned once"]
    valued = [r for r in plan["skills"]["rows"] if r["skill"] and (r["n_valued"] or 0) >= 1]
    for path in plan["paths"]["rows"]:
        path["quotes"] = provenance_quotes(f"{path['note']}:{path['line']} {path['text']}", who) if path["note"] else []
    plan["skills"]["rows"].sort(key=by_interviews)  # the chart and the table both say: most interviews first
    quarters = _quarters(plan["plan"]["rows"])
    profile = syn.config.profile
    return {
        "title": f"Informational interviews — {profile.name}" if profile.name else "Informational interviews",
        "generated_on": dt.date.today(),
        "version": __version__,
        "profile": {
            "name": profile.name, "goals": list(profile.goals), "target_roles": list(profile.target_roles),
            "current_skills": list(profile.current_skills), "horizon_quarters": profile.horizon_quarters,
            "hours_per_week": profile.hours_per_week, "start": profile.start,
        },
        "summary": {
            "n_interviews": len(interviews), "n_contacts": len(notes),
            "n_people": len({(n.person or n.path).casefold() for n in interviews}),
            "n_snippets": len(syn.snippet_records), "n_themes": len(themes),
            "date_from": dates[0] if dates else None, "date_to": dates[-1] if dates else None,
            "top_themes": themes[:5],
            "top_gaps": gaps[:5],
            # Without a profile there are no gaps: the skills most interviews valued instead.
            "has_profile": profile_set,
            "most_valued": [] if profile_set else valued[:5],
            "n_warnings": len(syn.warnings),
        },
        "goals": _goals(plan["goals"]["rows"], list(profile.goals), who),
        "coverage": _coverage(interviews, snippets_by_note),
        "themes": themes,
        "theme_chart": bar_chart(
            [(t["name"], t["n_interviews"], f"{t['name']}: raised in {plural(t['n_interviews'], 'interview')}")
             for t in themes[:THEMES_IN_CHART]],
            title="Recurring themes by number of interviews that raised them",
        ) if themes else None,
        "themes_in_full": THEMES_IN_FULL,
        "skills": plan["skills"], "skills_chart": _skills_chart(plan["skills"]["rows"]),
        "gaps": {**plan["gaps"], "rows": gaps}, "mentioned_once": mentioned_once, "has_profile": profile_set,
        "most_valued": valued[:10],
        "paths": plan["paths"], "plan": plan["plan"], "plan_quarters": quarters, "plan_chart": plan_chart(quarters),
        "questions": plan["questions"],
        "plan_messages": list(getattr(syn.plan_result, "messages", None) or []),
        "pipeline": pipeline_section(notes, syn.config),
        "interviews": _appendix(notes, snippets_by_note, {t["id"]: t["name"] for t in themes}, score),
        "warnings": [{"path": w.path, "message": w.message} for w in syn.warnings],
        "sharing": sharing_summary(syn),
    }


def sharing_summary(syn: "Synthesis") -> dict[str, Any]:
    """Whether this is a shared copy, and how many notes consent keeps out of shared copies (a count only:
    nothing that identifies them)."""
    shared_copy = getattr(syn, "withheld_notes", None) is not None
    withheld = syn.withheld_notes if shared_copy else sum(1 for n in syn.note_records if not n.share)
    return {"shared_copy": shared_copy, "n_withheld": withheld}


def quotable(text: str) -> bool:
    """Whether a snippet reads as a quote on its own (not a bare heading-like fragment such as "culture").

    >>> quotable("culture"), quotable("What the team does:"), quotable("SQL is screened live in every interview")
    (False, False, True)
    """
    return len(text.split()) >= 5 and not text.rstrip().endswith(":")


def theme_quotes(theme: Any, n: int = QUOTES_PER_THEME) -> list[tuple[str, int, str]]:
    """Up to ``n`` quotes for a theme: its representative quotes (members that support it, most central first)
    that read on their own, then the others. Members outside ``theme.quotes`` are never added: a theme's
    quotes are chosen by the theme finder, which leaves out members that say the opposite."""
    quotes = list(theme.quotes)
    return ([q for q in quotes if quotable(q[2])] + [q for q in quotes if not quotable(q[2])])[:n]


def _themes(syn: "Synthesis", who: Any) -> list[dict[str, Any]]:
    """Theme records with quotes carrying their source; ``name`` is the codebook name when there is one."""
    themes = []
    for t in syn.theme_records:
        themes.append({
            # One label everywhere. Key words and the opposing members' words stay out of the report: they may
            # come from notes whose words are withheld when sharing, and only the label is checked for that.
            "id": t.id, "name": t.label, "label": t.label,
            "stance": getattr(t, "stance", "") or "", "n_contrary": getattr(t, "n_contrary", 0) or 0,
            "coherence": round(float(getattr(t, "coherence", 0.0) or 0.0), 2),
            "category": t.category, "n_interviews": t.n_interviews, "size": t.size, "trend": t.trend,
            "first_seen": to_date(t.first_seen), "last_seen": to_date(t.last_seen),
            # every interview that raised it, named as in the rest of the report (never a file slug)
            "people": list(dict.fromkeys(n for n in (who(p)["person"] for p in t.notes) if n)) or
                      [p for p in t.people if p], "notes": list(t.notes),
            "quotes": [{"text": text, "note": note, "line": line, **who(note)}
                       for note, line, text in theme_quotes(t)],
            "description": getattr(t, "description", "") or "", "kind": getattr(t, "kind", "") or "",
        })
    themes.sort(key=by_interviews)  # what the report says: most widespread first
    return themes


def by_interviews(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Sort key of the report's counted lists: most interviews first, then most snippets, then by name.

    >>> sorted([{"name": "b", "n_interviews": 2}, {"name": "a", "n_interviews": 5}, {"name": "c", "n_interviews": 2}], key=by_interviews)
    [{'name': 'a', 'n_interviews': 5}, {'name': 'b', 'n_interviews': 2}, {'name': 'c', 'n_interviews': 2}]
    """
    count = row.get("n_interviews")
    size = row.get("size") or row.get("n_mentions") or 0
    name = str(row.get("name") or row.get("skill") or "")
    known = isinstance(count, (int, float)) and not math.isnan(count)
    return (-(count if known else 0), -size, name.lower())


def _note_order(note: Note) -> tuple[dt.date, str]:
    """Oldest interview first; undated notes (planned contacts) last."""
    return to_date(note.date) or dt.date.max, note.path


def _coverage(interviews: list[Note], snippets_by_note: dict[str, list[Snippet]]) -> dict[str, Any]:
    rows = []
    for n in sorted(interviews, key=_note_order):
        counts = dict.fromkeys(CATEGORIES, 0)
        for s in snippets_by_note[n.path]:
            for c in s.categories:
                if c in counts:
                    counts[c] += 1
        name = display_name(n)
        date = f" · {nice_date(n.date)}" if to_date(n.date) else ""
        # whole names only: "Laura DeLaune + 1", never "Laura DeLaune; Eliz…"
        label = short_names(name, COVERAGE_LABEL_CHARS - len(date)) + date
        full = name + date
        rows.append({"note": n.path, "label": label, "full": full, "counts": counts,
                     "missing": [CATEGORY_LABELS[c] for c in CATEGORIES if not counts[c]]})
    chart = heatmap_chart(rows, CATEGORIES) if rows else None
    return {"categories": list(CATEGORIES), "rows": rows, "chart": chart}


def _appendix(notes: list[Note], snippets_by_note: dict[str, list[Snippet]], theme_names: dict[str, str],
              score: Mapping[int, float]) -> list[dict[str, Any]]:
    """One entry per note, oldest first (undated last), with its key takeaways."""
    entries = []
    for n in sorted(notes, key=_note_order):
        snips = snippets_by_note.get(n.path, [])
        date, status = to_date(n.date), (n.status or "").lower()
        entries.append({
            "note": n.path, "title": n.title, "person": n.person, "name": display_name(n), "role": n.role,
            "organization": n.organization, "date": date, "status": status, "n_snippets": len(snips), "tags": list(n.tags),
            # ready-made text for the heading and meta line (cheaper here than as Jinja filter chains)
            "affiliation": ", ".join(str(x) for x in (n.role, n.organization) if x),
            "meta": " · ".join(x for x in (nice_date(date), status, plural(len(snips), "snippet")) if x),
            "takeaways": [
                {"text": s.text, "line": s.line, "heading": s.heading, "categories": list(s.categories),
                 "chips": [_CHIPS[c] if c in _CHIPS else _chip(c) for c in s.categories],
                 "evidence": s.evidence, "theme": s.theme, "theme_label": theme_names.get(s.theme, "")}
                for s in takeaways(snips, score=score)
            ],
        })
    return entries


def _chip(category: str) -> dict[str, str]:
    """A category tag: the CSS class suffix and the label shown."""
    return {"category": category, "slug": category.replace(" ", "-"), "label": CATEGORY_LABELS.get(category, category)}


_CHIPS = {c: _chip(c) for c in CATEGORY_LABELS}


def _goals(rows: list[Row], profile_goals: list[str], who: Any) -> list[dict[str, Any]]:
    """Goals with the snippets for and against them (per option for a decision); the profile's goals alone when
    the plan has none."""
    goals = []
    for row in rows:
        options: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for line in str(row["options"] or "").splitlines():
            option, side, quote = (line.split("|", 2) + ["", ""])[:3]
            entry = options.setdefault(option, {"for": [], "against": []})
            entry["for" if side == "for" else "against"] += provenance_quotes(quote, who)
        goals.append({
            "goal": str(_first(row, "goal", "hypothesis", "text")), "verdict": str(row["verdict"] or ""),
            "supporting": provenance_quotes(row["supporting"], who),
            "challenging": provenance_quotes(row["challenging"], who), "basis": str(row["evidence"] or ""),
            "options": [{"option": o, **sides} for o, sides in options.items()],
        })
    return goals or [{"goal": g, "verdict": "", "supporting": [], "challenging": [], "basis": "", "options": []}
                     for g in profile_goals]


def _skills_chart(rows: list[Row]) -> dict[str, Any] | None:
    """The skills mentioned in the most interviews (``rows`` sorted with :func:`by_interviews`)."""
    items = []
    for row in rows[:SKILLS_IN_CHART]:
        name, count = row["skill"], row["n_interviews"]
        if name and isinstance(count, (int, float)):
            items.append((str(name), count, f"{name}: mentioned in {plural(int(count), 'interview')}"))
    return bar_chart(items, title="Skills by number of interviews that mentioned them") if items else None


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
        hours = Counter()
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


def _quarters(rows: list[Row]) -> list[dict[str, Any]]:
    """Plan actions grouped by quarter, in time order, for the timeline."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(str(_first(row, "quarter", default="Unscheduled")), []).append(row)

    def order(name: str) -> tuple[bool, str]:
        start = _first(grouped[name][0], "quarter_start")
        return name == "Unscheduled", str(start or name)

    return [
        {"quarter": name, "actions": grouped[name],
         "hours": sum(a["hours"] for a in grouped[name] if isinstance(a["hours"], (int, float)))}
        for name in sorted(grouped, key=order)
    ]


def report_data(syn: "Synthesis", context: dict[str, Any] | None = None,
                frames: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The machine-readable report: every frame of the Synthesis (DataFrames, which :func:`write_json` writes as
    records; ``frames`` may stand in for some of them) plus the summary and pipeline."""
    context = context or report_context(syn)
    frames = frames or {}

    def frame(name: str) -> Any:
        return frames[name] if name in frames else getattr(syn, name)

    return {
        "title": context["title"], "generated_on": context["generated_on"], "version": context["version"],
        "profile": context["profile"],
        "summary": {**context["summary"], "top_themes": [t["id"] for t in context["summary"]["top_themes"]],
                    "top_gaps": [g["skill"] for g in context["summary"]["top_gaps"]]},
        "sharing": context["sharing"],
        "pipeline": context["pipeline"]["stages"],
        "notes": frame("notes"), "snippets": frame("snippets"), "themes": context["themes"],
        "skills": frame("skills"), "gaps": frame("gaps"), "plan": frame("plan"),
        "paths": frame("paths"), "goals": frame("goals"), "questions": frame("questions"),
        "warnings": context["warnings"],
    }


# ---------------------------------------------------------------------------------------------- output


class TemplateError(Exception):
    """A report template failed (unsafe code stopped by the sandbox, a syntax error, a missing value); the
    message is one line naming the template. Nothing was written."""


def write_outputs(syn: "Synthesis", out_dir: Path, share: bool = False, templates: Path | None = None) -> list[Path]:
    """Write report.html/.md/.json and the CSVs into ``out_dir``; with ``share`` also an anonymised copy.

    The anonymised copy goes to ``out_dir/shared/`` (rendered by the same templates, plus ``mentor.html``, the short
    read of :mod:`infosynth.mentor`) and the record of what was redacted to ``out_dir/redaction-log.csv``, outside
    the folder that gets sent. Every file is written in full before any replaces its previous version, so a failure
    (a template, a full disk) leaves the previous set as it was. ``out_dir`` is held for the duration (see
    :func:`infosynth.outdir.claim_output`).
    """
    from .outdir import claim_output

    out_dir = Path(out_dir)
    with claim_output(out_dir, getattr(syn, "notes_dir", None)), _collector_paused(), FileSet() as files:
        order = _stage_set(syn, out_dir, templates, files)
        if share:
            from .mentor import render_mentor
            from .privacy import share_copy

            shared, log = share_copy(syn)
            files.add(out_dir / "redaction-log.csv", csv_bytes(log))
            order += [out_dir / "redaction-log.csv"] + _stage_set(shared, out_dir / "shared", templates, files)
            mentor = out_dir / "shared" / "mentor.html"  # the five-minute read
            files.add(mentor, render_mentor(shared, templates))
            order.append(mentor)
        return files.commit(order)


CSV_FRAMES = ("notes", "snippets", "themes", "skills", "gaps", "plan")
# The pages of every output set, private and shared alike: (file, template, Markdown?). A page added here is
# rendered into shared/ too, from the scrubbed Synthesis.
PAGES: tuple[tuple[str, str, bool], ...] = (
    ("report.md", "report.md.j2", True),
    ("report.html", "report.html.j2", False),  # last, so that it is on disk only once the rest is
)


def _stage_set(syn: "Synthesis", out_dir: Path, templates: Path | None, files: FileSet) -> list[Path]:
    """Format one set of outputs into ``files``; the order to put them in place (report.html last)."""
    context = report_context(syn)
    frames = {name: Columns(getattr(syn, name)) for name in CSV_FRAMES}  # one factorisation for CSV and JSON
    # report.json takes its themes from the context (with their quotes), not from the themes frame
    data = report_data(syn, context, frames={k: v for k, v in frames.items() if k != "themes"})
    cache_dir = _cache_dir(syn)
    # the biggest file first, so that it is on disk by the time the rest is formatted
    files.add(out_dir / "report.json", json_bytes(data))
    for name in sorted(CSV_FRAMES, key=lambda name: name != "snippets"):
        files.add(out_dir / f"{name}.csv", csv_bytes(frames[name]))
    for name, template, markdown in PAGES:
        text = _render(templates, markdown, cache_dir, template, context)
        files.add(out_dir / name, tidy_markdown(text) if markdown else text)
    order = [f"{name}.csv" for name in CSV_FRAMES] + ["report.json"] + [name for name, _, _ in PAGES]
    return [out_dir / name for name in order]


def _render(templates: Path | None, markdown: bool, cache_dir: Path | None, name: str, context: dict[str, Any]) -> str:
    """Render one page; any Jinja error becomes a one-line :class:`TemplateError` naming the template at fault."""
    import jinja2

    try:
        return _shared_environment(templates, markdown, cache_dir).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise TemplateError(_template_problem(exc, name, templates)) from None


def _template_problem(exc: Exception, page: str, templates: Path | None) -> str:
    import traceback

    from jinja2.exceptions import SecurityError, TemplateSyntaxError

    # Jinja puts template files and lines into the traceback; the innermost is the template at fault.
    where = ""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = f"{exc.filename}, line {exc.lineno}"
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            where = f"{frames[-1].filename}, line {frames[-1].lineno}"
    where = where or str(Path(templates or TEMPLATE_DIR) / page)
    message = " ".join(str(getattr(exc, "message", None) or exc).split()).rstrip(".")
    if isinstance(exc, SecurityError):
        message = f"blocked by the template sandbox: {message}"
    return f"template {where}: {message}; nothing was written"


def _cache_dir(syn: "Synthesis") -> Path | None:
    from .cache import default_cache_dir

    config = getattr(syn, "config", None)
    return getattr(config, "cache_dir", None) or default_cache_dir()


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector while rendering.

    A render makes a few hundred thousand short-lived dicts and strings; each full collection on the way walks
    every object of the Synthesis too, which at a thousand notes costs more than a tenth of a second in all.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
