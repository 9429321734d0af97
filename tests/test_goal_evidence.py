"""Goal evidence: which snippets speak to a goal, and whether they support or challenge it."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from infosynth.plan.build import goal_evidence
from infosynth.plan.goals import goal_stance

LABELS = Path(__file__).resolve().parents[1] / "benchmarks" / "labels" / "goal_stance.csv"


def test_stance_agrees_with_the_labelled_sentences():
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    assert len(rows) >= 60
    right = sum((goal_stance(r["goal"], r["text"]) or "none") == r["stance"] for r in rows)
    assert right / len(rows) >= 0.9, f"{right}/{len(rows)}"


def frame(rows):
    return pd.DataFrame([{"note": n, "line": i, "text": t, "kind": k} for n, i, t, k in rows])


def test_questions_logistics_and_labels_are_never_evidence():
    snippets = frame([
        ("a.md", 3, "Q: Do informatics nurses ever work nights?", "question"),
        ("a.md", 4, "What skills would make me stand out for night-free informatics roles?", "bullet"),
        ("a.md", 5, "Send her my resume about the night-free analyst role", "logistics"),
        ("a.md", 6, "Night shifts:", "bullet"),
        ("b.md", 2, "The lack of night shifts made up for the pay cut.", "bullet"),
        ("c.md", 7, "There are no night shifts on the informatics team.", "bullet"),
    ])
    (row,) = goal_evidence(["Find a role without night shifts"], snippets).to_dict("records")
    assert row["verdict"] == "supported"
    assert "b.md:2" in row["supporting"] and "c.md:7" in row["supporting"]
    for line in ("a.md:3", "a.md:4", "a.md:5", "a.md:6"):
        assert line not in row["supporting"] + row["challenging"]


def test_evidence_against_a_goal_is_listed_against_it():
    snippets = frame([
        ("a.md", 3, "She still keeps a per diem night shift to stay current.", "bullet"),
        ("b.md", 5, "Go-lives mean a week of night shifts every spring.", "bullet"),
    ])
    (row,) = goal_evidence(["Find a role without night shifts"], snippets).to_dict("records")
    assert row["verdict"] == "challenged" and row["supporting"] == ""


def test_a_decision_goal_shows_each_side_instead_of_a_verdict():
    snippets = frame([
        ("a.md", 3, "The bootcamp got her a portfolio and an interview within months.", "bullet"),
        ("b.md", 4, "Bootcamp grads are hard to place since the hiring freeze.", "bullet"),
        ("c.md", 2, "A certificate from the community college helped him get noticed.", "bullet"),
    ])
    (row,) = goal_evidence(["Decide between a bootcamp and a certificate"], snippets).to_dict("records")
    assert row["verdict"] == "decision"
    options = row["options"].splitlines()
    assert any(o.startswith("bootcamp|against|b.md:4") for o in options)
    assert any(o.startswith("certificate|for|c.md:2") for o in options)
