"""The mentor copy: shared/mentor.html is short, anonymised, and chooses its themes by strength."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from infosynth.cli import cli
from infosynth.report.mentor import MAX_THEMES, MIN_THEMES, mentor_context, rank_themes

ROOT = Path(__file__).resolve().parents[1]
REAL_NAMES = ("Priya", "Natarajan", "Marcus", "Oyelaran", "Kevin Huang", "Brightline", "Northwind", "Westbrook")


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    notes = tmp_path_factory.mktemp("notes") / "sample_notes"
    shutil.copytree(ROOT / "sample_notes", notes)
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(out), "--share", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    return out / "shared"


@pytest.fixture(scope="module")
def page(shared) -> BeautifulSoup:
    return BeautifulSoup((shared / "mentor.html").read_text(encoding="utf-8"), "html.parser")


def test_share_writes_a_self_contained_mentor_page(shared, page):
    html = (shared / "mentor.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "url(" not in html
    assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert [s["id"] for s in page.find_all("section")] == ["who", "themes", "gaps", "plan", "questions"]
    assert not (shared.parent / "mentor.html").exists(), "the mentor page is written only into shared/"


def test_mentor_page_holds_who_goals_themes_gaps_plan_and_questions(page):
    assert len(page.select("#who .goals li")) == 4  # the sample profile's goals
    people = [li.strong.get_text() for li in page.select("#who .people li")]
    assert people and all(p.startswith("Interviewee ") for p in people)
    themes = page.select("#themes article.theme")
    assert MIN_THEMES <= len(themes) <= MAX_THEMES
    for card in themes:
        quotes = card.select("blockquote.quote")
        assert len(quotes) == 2, card.h3.get_text()
        # each quote says whose words they are and where they are
        assert all("Interviewee" in q.select_one(".by").get_text() and ", line " in q.get_text() for q in quotes)
        assert len({q.select_one(".by").get_text().split(",")[0] for q in quotes}) == 2, "two different people"
    gaps = page.select("#gaps li.gap")
    assert 1 <= len(gaps) <= 5 and all(g.select("blockquote.quote") for g in gaps)
    assert page.select("#plan table.plan tbody tr")
    questions = [li.get_text() for li in page.select("#questions li")]
    assert questions[0].startswith("Of UX research, data analysis and instructional design")  # from [mentor]
    assert len(questions) == 3


def test_mentor_page_names_nobody(shared):
    html = (shared / "mentor.html").read_text(encoding="utf-8")
    assert not [name for name in REAL_NAMES if name in html]


def _frames(strong_support: int = 6):
    """Three themes: a loose one raised in many interviews, a tight one in fewer, a weak tight one."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=(3, 16))
    rows, vectors = [], []

    def add(theme: str, note: str, centre: np.ndarray, spread: float) -> None:
        rows.append({"note": note, "line": len(rows) + 1, "text": f"{theme} point {len(rows)}", "theme": theme,
                     "kind": "bullet"})
        vectors.append(centre + spread * rng.normal(size=16))

    for i in range(strong_support):
        add("loose", f"n{i}.md", base[0], 1.0)
    for i in range(5):
        add("tight", f"n{i}.md", base[1], 0.1)
    for i in range(2):
        add("weak", f"n{i}.md", base[2], 0.1)
    add("tight", "n0.md", base[0], 0.1)
    rows[-1]["kind"] = "question"  # the note-taker's question: never counted in a theme's coherence
    snippets = pd.DataFrame(rows)
    themes = pd.DataFrame([
        {"id": "weak", "label": "Weak", "n_interviews": 2},  # listed first: position must not matter
        {"id": "loose", "label": "Loose", "n_interviews": strong_support},
        {"id": "tight", "label": "Tight", "n_interviews": 5},
    ])
    return themes, snippets, np.asarray(vectors, dtype="float32")


def test_rank_themes_weighs_support_by_coherence_not_position():
    themes, snippets, vectors = _frames()
    ranked = rank_themes(themes, snippets, vectors)
    assert list(ranked["id"]) == ["tight", "loose", "weak"]  # 5 tight interviews beat 6 loose ones
    assert ranked.set_index("id").loc["tight", "coherence"] > 0.95 > ranked.set_index("id").loc["loose", "coherence"]
    assert list(ranked["strength"]) == sorted(ranked["strength"], reverse=True)
    # with no embeddings to judge coherence, support alone decides
    assert list(rank_themes(themes, snippets, None)["id"]) == ["loose", "tight", "weak"]


def test_mentor_questions_fall_back_to_the_top_next_questions(tmp_path):
    from infosynth.pipeline import build

    notes = tmp_path / "notes"
    shutil.copytree(ROOT / "sample_notes", notes)
    (notes / "infosynth.toml").unlink()  # no [mentor] questions
    syn = build(notes, cache=False)
    context = mentor_context(syn)
    assert context["questions_source"] == "next questions"
    assert [q["question"] for q in context["questions"]] == list(syn.questions["question"][:3])


def test_mentor_questions_are_scrubbed_like_everything_shared(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(ROOT / "sample_notes", notes)
    config = (notes / "infosynth.toml").read_text(encoding="utf-8")
    config = config.replace('"Who in your network would be good to talk to next?"',
                            '"Should I tell Principal Dolores Marsh at Westbrook High School before I apply?"')
    (notes / "infosynth.toml").write_text(config, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(out), "--share", "-q"])
    assert result.exit_code == 0, result.output
    html = (out / "shared" / "mentor.html").read_text(encoding="utf-8")
    assert "Should I tell" in html and "Westbrook" not in html and "Dolores" not in html


def test_without_the_users_skills_the_page_shows_valued_skills_not_gaps(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    lines = {
        "a.md": "# Coffee with Ana Ruiz\n\n- You really need SQL to get hired here.\n- Excel is used for everything.\n",
        "b.md": "# Call with Ben Osei\n\n- SQL is the one skill every analyst must have.\n- The team meets on Mondays.\n",
        "c.md": "# Chat with Cleo Park\n\n- Nobody asked about her degree.\n- She wishes she had learned SQL sooner.\n",
    }
    for name, text in lines.items():
        (notes / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(out), "--share", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((out / "shared" / "mentor.html").read_text(encoding="utf-8"), "html.parser")
    gaps = page.select_one("#gaps")
    assert gaps.h2.get_text(strip=True) == "Most valued skills"
    assert "not gaps" in gaps.get_text()
    items = [li.h3.get_text(" ", strip=True) for li in gaps.select("li.gap")]
    assert items and items[0].endswith("SQL")
    assert "Excel" not in gaps.get_text()  # one interview only


def test_a_theme_card_quotes_only_the_themes_own_quotes(notes):
    # A theme's quotes are the members that say its idea (never the other side, never a line named only by
    # meaning). With one such quote, the mentor copy shows one, rather than filling up with another member.
    from infosynth.pipeline import build

    syn = build(notes, cache=False)
    first = mentor_context(syn)["themes"][0]
    assert len(first["quotes"]) == 2
    row = syn.themes.index[syn.themes["id"] == first["id"]][0]
    kept = syn.themes.at[row, "quotes"].split("\n")[0]
    syn.themes.at[row, "quotes"] = kept
    [card] = [c for c in mentor_context(syn)["themes"] if c["id"] == first["id"]]
    assert [f"{q['note']}:{q['line']} {q['text']}" for q in card["quotes"]] == [kept]
