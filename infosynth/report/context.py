"""What the report templates see: a Synthesis → the context dict of report.html / report.md and the data of report.json."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..ingest.people import display_name, short_names
from ..models import CATEGORIES, Note, Snippet, is_takeaway
from ..plan.build import has_profile
from ..plan.goals import decision_options
from ..text import asked_in, current_date, to_date
from .charts import bar_chart, heatmap_chart, plan_chart
from .environment import CATEGORY_LABELS, Row, nice_date, plural
from .export import frame_records

if TYPE_CHECKING:
    import pandas as pd

    from ..synthesis import Synthesis


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


def pipeline_section(notes: list[Note], cfg: Any = None) -> dict[str, Any]:
    """Stages (planned → requested → scheduled → done → thanked, then ``unknown`` for notes without a status) with
    counts, people and a bar chart.

    Each person counts once, at the stage of their latest note (see :mod:`infosynth.relationships.contacts`); ``reached`` is
    how many got at least that far (people of unknown stage count only in their own row). ``overdue`` is how many
    days a person's next step has been due.
    """
    from ..relationships.contacts import STAGES, UNKNOWN, contacts

    counts: dict[str, int] = dict.fromkeys((*STAGES, UNKNOWN), 0)  # as outreach.pipeline_counts, from the same contacts
    people: dict[str, list[dict[str, Any]]] = {stage: [] for stage in counts}
    for c in contacts(notes, cfg=cfg):
        counts[c.stage] += 1
        people.setdefault(c.stage, []).append({
            "person": c.person, "role": c.role, "organization": c.organization, "since": c.status_date,
            "next_step": c.next_step, "overdue": c.overdue_days,
        })
    stages: list[dict[str, Any]] = [
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

    >>> provenance_quotes("a.md:4 SQL first (score 0.5)", lambda note, line: {"person": "Bo", "date": None})
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
                           **who(match["note"], int(match["line"]))})
        else:
            quotes.append({"text": item, "note": "", "line": None, "score": None, "person": "", "date": None,
                           "asked": ""})
    return quotes


def _first(row: Mapping[str, Any], *keys: str, default: Any = "") -> Any:
    for key in keys:
        value = row.get(key)
        if value not in (None, "", [], ()):
            return value
    return default


def report_context(syn: "Synthesis") -> dict[str, Any]:
    """Everything the templates show, as plain data (see docs/templates.md for each key)."""
    from .._version import __version__

    notes = syn.note_records
    by_path = {n.path: n for n in notes}
    snippets_by_note: dict[str, list[Snippet]] = {}
    for s in syn.snippet_records:
        snippets_by_note.setdefault(s.note, []).append(s)
    interviews = [n for n in notes if snippets_by_note.get(n.path)]
    dates = sorted(d for d in (to_date(n.date) for n in interviews) if d)

    named: dict[str, dict[str, Any]] = {}
    # An answer quoted without its question may not say what it is about: each quote carries the question.
    asked = {(s.note, s.line): question for s in syn.snippet_records
             if (question := asked_in(s.heading or ""))}

    def who(path: str, line: int | None = None) -> dict[str, Any]:
        # Asked once per quote and per theme member; naming a note parses its title, so remember the answer.
        if path not in named:
            note = by_path.get(path)
            named[path] = {"person": display_name(note) if note else "", "date": to_date(note.date) if note else None}
        return {**named[path], "asked": asked.get((path, line), "")} if line is not None else named[path]

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
        "generated_on": current_date(),
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
            # Without a profile there are no gaps: the skills most interviews valued instead, each valued in two or
            # more (as a gap must be); one interview's view is in the skills section.
            "has_profile": profile_set,
            "most_valued": [] if profile_set else [r for r in valued if (r["n_valued"] or 0) >= 2][:5],
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
            "quotes": [{"text": text, "note": note, "line": line, **who(note, line)}
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
    return (-(count if known and count is not None else 0), -size, name.lower())


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
        # Every option of a decision is shown, in the goal's order, also when nothing speaks to it yet.
        options: dict[str, dict[str, list[dict[str, Any]]]] = {
            o: {"for": [], "against": []} for o in decision_options(str(_first(row, "goal", "hypothesis", "text")))}
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
