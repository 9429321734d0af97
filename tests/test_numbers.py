"""Every count and "top N" list that report.html and mentor.html print, read back from the HTML and checked
against the Synthesis's DataFrames: sorted as they say, counted as they say."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def number(text: str) -> int:
    return WORDS.get(text.lower(), None) or int(text)


def ints(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    from infosynth.pipeline import build as run
    from infosynth.privacy import share_copy

    notes = tmp_path_factory.mktemp("notes") / "sample_notes"
    shutil.copytree(ROOT / "sample_notes", notes)
    syn = run(notes, cache=False)
    out = tmp_path_factory.mktemp("out")
    syn.render(out, share=True)
    shared, _ = share_copy(syn)
    report = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    mentor = BeautifulSoup((out / "shared" / "mentor.html").read_text(encoding="utf-8"), "html.parser")
    return syn, shared, report, mentor


def non_increasing(values) -> bool:
    values = list(values)
    return all(a >= b for a, b in zip(values, values[1:]))


# ------------------------------------------------------------------------------------------------ report


def test_summary_counts(build):
    syn, _, page, _ = build
    stats = {squash(li.select_one(".stat-label").get_text()): squash(li.select_one(".stat").get_text())
             for li in page.select("#summary .stats li")}
    held = syn.notes[syn.notes["n_snippets"] > 0]
    assert int(stats["interviews"]) == len(held)
    assert int(stats["people"]) == held["person"].str.casefold().nunique()
    assert int(stats["recurring themes"]) == len(syn.themes)
    footer = squash(page.select_one("footer").get_text())
    assert f"from {len(syn.notes)} notes and {len(syn.snippets)} snippets" in footer


def test_top_themes_are_the_most_widespread_with_their_counts(build):
    syn, _, page, _ = build
    counts = dict(zip(syn.themes["id"], syn.themes["n_interviews"]))
    items = page.select("#summary .top-list")[0].select("li")
    shown = [(li.a["href"].removeprefix("#theme-"), ints(li.select_one(".muted").get_text())[0]) for li in items]
    assert len(shown) == min(5, len(counts))
    assert all(counts[theme] == n for theme, n in shown)
    assert [n for _, n in shown] == sorted(counts.values(), reverse=True)[: len(shown)]


def test_top_gaps_and_gap_list_follow_the_gaps_frame(build):
    syn, _, page, _ = build
    gaps = syn.gaps[syn.gaps["support"] != "mentioned once"]  # a single mention is never called a gap
    top = page.select("#summary .top-list")[1].select("li")
    assert [li.a.get_text() for li in top] == list(gaps["skill"][: len(top)])
    for li, n in zip(top, gaps["n_interviews"]):
        assert ints(li.select_one(".muted").get_text())[0] == n
    listed = page.select("#skills ol.gaps > li")
    assert [li.strong.get_text() for li in listed] == list(gaps["skill"])
    for li, n in zip(listed, gaps["n_interviews"]):
        assert re.search(rf"valued in {n} interviews?\b", li.select_one(".why").get_text())


def test_theme_chart_is_the_top_n_by_interviews(build):
    syn, _, page, _ = build
    bars = page.select("#themes-chart .bar-row")
    values = [int(b.select_one(".bar-value").get_text()) for b in bars]
    caption = squash(page.select_one("#themes figure.chart-figure figcaption").get_text())
    top, of = map(int, re.search(r"the top (\d+) of (\d+)", caption).groups())
    assert (top, of) == (len(bars), len(syn.themes))
    assert "most first" in caption and non_increasing(values)
    assert values == sorted(syn.themes["n_interviews"], reverse=True)[:top]


def test_theme_cards_and_more_themes_table_count_right(build):
    syn, _, page, _ = build
    frame = syn.themes.set_index("id")
    cards = page.select("#themes article.theme")
    for card in cards:
        theme = card["id"].removeprefix("theme-")
        meta = squash(card.select_one(".meta").get_text())
        assert meta.startswith(f"{frame.loc[theme, 'n_interviews']} interviews · {frame.loc[theme, 'n_snippets']} snippets")
    rows = page.select("table.more-themes tbody tr")
    caption = squash(page.select_one("table.more-themes caption").get_text())
    assert ints(caption)[0] == len(rows) == len(syn.themes) - len(cards)
    shown = [int(r.select("td")[0].get_text()) for r in rows]
    assert shown == [frame.loc[r["id"].removeprefix("theme-"), "n_interviews"] for r in rows]
    assert "most interviews first" in caption and non_increasing(shown)


def test_skills_chart_is_sorted_and_is_really_the_top_n(build):
    syn, _, page, _ = build
    counts = dict(zip(syn.skills["skill"], syn.skills["n_interviews"]))
    bars = [(b.select_one(".bar-label").get_text(), int(b.select_one(".bar-value").get_text()))
            for b in page.select("#skills-chart .bar-row")]
    caption = squash(page.select_one("#skills figure.chart-figure figcaption").get_text())
    top, of = map(int, re.search(r"the top (\d+) of (\d+)", caption).groups())
    assert (top, of) == (len(bars), len(counts))
    assert all(counts[name] == n for name, n in bars)
    assert non_increasing(n for _, n in bars)
    left_out = [n for name, n in counts.items() if name not in dict(bars)]
    assert min(n for _, n in bars) >= max(left_out)  # nothing more widespread was left out
    summary = squash(page.select_one("#skills details.table-alt summary").get_text())
    table = page.select("#skills table.skills tbody tr")
    assert ints(summary)[0] == len(table) == len(counts)
    column = [squash(th.get_text()) for th in page.select("#skills table.skills thead th")].index("Interviews")
    assert non_increasing(int(r.select("td")[column].get_text()) for r in table)


def test_coverage_cells_count_each_interviews_snippets(build):
    syn, _, page, _ = build
    expected = Counter()
    for note, cats in zip(syn.snippets["note"], syn.snippets["categories"]):
        for cat in filter(None, str(cats).split(";")):
            expected[(note, cat)] += 1
    held = syn.notes[syn.notes["n_snippets"] > 0].copy()
    held["order"] = held["date"].fillna(dt.datetime.max)
    held = held.sort_values(["order", "note"])
    rows = page.select("#coverage-chart tbody tr")
    assert len(rows) == len(held)
    for row, note in zip(rows, held["note"]):
        cells = [c.get_text() for c in row.select("td")]
        assert [0 if c == "–" else int(c) for c in cells] == [
            expected[(note, cat)] for cat in ("roles", "skills", "day-to-day", "culture")]


def test_pipeline_counts_and_overdue_marks(build):
    from infosynth.relationships.contacts import contacts, pipeline_counts

    syn, _, page, _ = build
    counts = pipeline_counts(syn.note_records)
    intro = squash(page.select_one("#pipeline .intro").get_text())
    assert intro.startswith(f"{sum(counts.values())} people")
    assert f"{counts['unknown']} of them without a status" in intro
    rows = [[squash(c.get_text()) for c in tr.select("td, th")] for tr in page.select("#pipeline table.pipeline tbody tr")]
    assert Counter(r[0] for r in rows) == +Counter(counts)
    today = dt.date.today()
    overdue = 0
    for row in rows:
        step = row[3]
        if match := re.search(r"overdue since (\d{4}-\d{2}-\d{2})", step):
            assert dt.date.fromisoformat(match[1]) < today
            overdue += 1
        if match := re.search(r"\(by (\d{4}-\d{2}-\d{2})\)", step):
            assert dt.date.fromisoformat(match[1]) > today
    assert overdue == sum(1 for c in contacts(syn.note_records, today) if c.overdue_days)
    if overdue:
        assert f"{overdue} next steps are overdue" in intro or f"{overdue} next step is overdue" in intro
    assert not any(row[0] == "done" and "unknown" in row for row in rows)


def test_question_counts_match_the_themes(build):
    syn, _, page, _ = build
    people = {label: len({p for p in str(ps).split(";") if p}) or n
              for label, ps, n in zip(syn.themes["label"], syn.themes["people"], syn.themes["n_interviews"])}
    text = squash(page.select_one("#questions").get_text())
    assert "Several" not in text
    claims = re.findall(r"(\w+) people mentioned \"([^\"]+)\"", text)
    assert claims, "the sample build asks about emerging themes"
    for count, label in claims:
        assert number(count) == people[label], (count, label)


def test_appendix_and_plan_counts(build):
    syn, _, page, _ = build
    sizes = dict(zip(syn.notes["note"], syn.notes["n_snippets"]))
    for article in page.select("#interviews article.interview"):
        note = article.select_one(".meta .source").get_text()
        meta = squash(article.select_one(".meta").get_text())
        n = sizes[note]
        assert re.search(rf"\b{n} snippets?\b", meta), (note, meta)
    hours = syn.plan.groupby("quarter")["hours"].sum()
    for h3 in page.select("#plan .quarter h3"):
        quarter = h3.contents[0].strip()
        assert f"· {hours[quarter]:g} hours" in squash(h3.get_text())


# ------------------------------------------------------------------------------------------------ mentor


def test_mentor_counts_match_the_shared_frames(build):
    from infosynth.report.mentor import rank_themes

    _, shared, _, page = build
    held = shared.notes[shared.notes["n_snippets"] > 0]
    assert squash(page.select_one("#scope").get_text()).startswith(f"{len(held)} interviews")
    people = page.select("#who .people li")
    assert ints(page.select_one("#people-h").get_text())[0] == len(people) == held["person"].nunique()

    heading = squash(page.select_one("#themes-h").get_text())
    shown, of = map(int, re.search(r"The (\d+) strongest recurring themes \(of (\d+)\)", heading).groups())
    cards = page.select("#themes article.theme")
    assert shown == len(cards) and of == len(shared.themes)
    frame = shared.themes.set_index("id")
    ids = [card["id"].removeprefix("theme-") for card in cards]
    for card, theme in zip(cards, ids):
        raised, out_of = ints(card.select_one(".meta").get_text())
        assert raised == frame.loc[theme, "n_interviews"] and out_of == len(held)
    ranked = list(rank_themes(shared.themes, shared.snippets, shared.embeddings)["id"])
    assert ids == [t for t in ranked if t in ids]  # in order of strength
    strongest = [t for t in ranked if frame.loc[t, "n_interviews"] >= 3][: len(ids)]
    assert ids == strongest  # and really the strongest, not the first rows of the table

    heading = squash(page.select_one("#gaps-h").get_text())
    top, of = map(int, re.search(r"Top (\d+) skill gaps \(of (\d+)\)", heading).groups())
    gaps = [squash(li.h3.get_text()) for li in page.select("#gaps li.gap")]
    backed = shared.gaps[shared.gaps["support"] != "mentioned once"]  # single mentions are not gaps
    assert top == len(gaps) and of == len(backed)
    assert gaps == [f"{i}. {skill}" for i, skill in enumerate(backed["skill"][:top], 1)]

    plan = shared.plan
    intro = squash(page.select_one("#plan .intro").get_text())
    assert intro.startswith(f"{plan['hours'].sum():g} hours over {plan['quarter'].nunique()} quarters")
    totals = plan.groupby("quarter")["hours"].sum()
    for row in page.select("#plan table.plan tbody tr"):
        quarter, hours = squash(row.th.get_text()), squash(row.select("td")[0].get_text())
        if quarter != "Every quarter":
            assert hours == f"{totals[quarter]:g} in all"

    questions = page.select("#questions li")
    assert ints(page.select_one("#questions-h").get_text())[0] == len(questions) == 3
