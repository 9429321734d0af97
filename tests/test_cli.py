"""The command line as a user drives it: build, init, evaluate, and a fast --help."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infosynth.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-out")
    result = CliRunner().invoke(cli, ["build", str(ROOT / "sample_notes"), "--out", str(out), "--no-cache", "-v"])
    return out, result


def test_build_writes_every_output_and_a_summary_line(sample_build):
    out, result = sample_build
    assert result.exit_code == 0, result.output
    for name in ("report.html", "report.md", "report.json", "notes.csv", "snippets.csv", "themes.csv"):
        assert (out / name).stat().st_size > 0, name
    summary = [line for line in result.output.splitlines() if line.startswith("Read ")]
    assert summary and "snippets" in summary[0] and "report.html" in summary[0]
    assert "per-note" in result.output  # --verbose: time per stage


def test_snippets_csv_keeps_provenance_columns(sample_build):
    out, _ = sample_build
    with open(out / "snippets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {"note", "line", "heading", "text", "categories", "theme"} <= set(rows[0])
    for row in rows[:50]:
        source = (ROOT / "sample_notes" / row["note"]).read_text(encoding="utf-8").split("\n")
        first_word = row["text"].lstrip("'").split()[0].strip("*_`#[]")
        assert first_word[:3] in source[int(row["line"]) - 1], row
    assert sum(1 for r in rows if r["theme"]) > 0
    assert sum(1 for r in rows if r["categories"]) > len(rows) / 2


def test_notes_folder_is_never_written_to(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Chat with Ana Ruiz\n- SQL every day\n- standup at 9\n")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in notes.rglob("*"))
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(tmp_path / "out"), "--share"])
    assert result.exit_code == 0, result.output
    assert sorted((p.name, p.stat().st_mtime_ns) for p in notes.rglob("*")) == before


def test_init_writes_a_starter_project_that_builds(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(tmp_path / "career")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "career" / "infosynth.toml").is_file()
    again = runner.invoke(cli, ["init", str(tmp_path / "career")])
    assert again.exit_code == 2 and "nothing was overwritten" in again.output
    built = runner.invoke(cli, ["build", str(tmp_path / "career" / "notes"), "--out", str(tmp_path / "out"), "-q"])
    assert built.exit_code == 0, built.output


def test_help_is_fast_because_it_imports_no_nlp_stack():
    code = "import sys; from infosynth.cli import cli; print(sorted(m for m in ('spacy','sklearn','pandas','numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_evaluate_help_points_to_the_shipped_example_and_the_example_scores():
    help_text = CliRunner().invoke(cli, ["evaluate", "--help"]).output
    assert "infosynth evaluate sample_notes/gold.csv sample_notes" in help_text
    assert "../shared" not in help_text
    with open(ROOT / "sample_notes" / "gold.csv", encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    assert len(gold) >= 30 and len({g["note"] for g in gold}) >= 5
    assert sum(1 for g in gold if g["theme"]) >= 25 and any(not g["categories"] for g in gold)
    result = CliRunner().invoke(cli, ["evaluate", str(ROOT / "sample_notes" / "gold.csv"), str(ROOT / "sample_notes")])
    assert result.exit_code == 0, result.output
    assert "rows 35  coverage 1.000" in result.output and "macro-F1" in result.output
    assert "quotes   first 2 of each card" in result.output and "on the card's idea" in result.output


def test_evaluate_with_bad_input_names_the_problem_and_builds_nothing(tmp_path, sample_build):
    notes = tmp_path / "notes"
    notes.mkdir()
    note = "# Coffee with Ana\n\n- Started as a ward clerk, then did her RN part-time.\n"
    (notes / "ana.md").write_text(note, encoding="utf-8")
    gold = ROOT / "sample_notes" / "gold.csv"
    cases = {
        "missing columns": (["note,label\nana.md,x\n", notes], "has no text, categories, theme columns"),
        "not UTF-8": ([b"note,text,categories,theme\nana.md,caf\xe9,roles,\n", notes], "is not UTF-8 text"),
        "header only": (["note,text,categories,theme\n", notes], "has a header but no rows to score"),
        "an output folder as notes": ([None, sample_build[0]], "is an infosynth output folder, not a notes folder"),
        "the notes folder as --out": ([None, notes, "--out", notes], "is the notes folder"),
    }
    for name, ((content, folder, *more), message) in cases.items():
        path = gold
        if content is not None:
            path = tmp_path / "gold.csv"
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        result = CliRunner().invoke(cli, ["evaluate", str(path), str(folder), *map(str, more)])
        assert result.exit_code == 2, (name, result.output)
        assert message in result.output and "Traceback" not in result.output, (name, result.output)
        if content is not None:
            assert str(path) in result.output, name  # the message names the file
    assert sorted(p.name for p in notes.iterdir()) == ["ana.md"] and (notes / "ana.md").read_text(encoding="utf-8") == note


def test_gold_csv_from_a_spreadsheet_is_read_as_written():
    """Spreadsheet programs add a byte-order mark and users write headers their own way ("Note", " Theme ")."""
    import tempfile

    from infosynth.evaluation import read_gold

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gold.csv"
        path.write_bytes("\ufeffNote, Text ,Categories,THEME,comment\n"
                         "a.md,Night shifts run long.,day-to-day,long-hours,checked\n"
                         "b.md,Sixty-hour weeks.\n\n".encode("utf-8"))
        rows = read_gold(path)
    assert rows == [
        {"note": "a.md", "text": "Night shifts run long.", "categories": "day-to-day", "theme": "long-hours", "comment": "checked"},
        {"note": "b.md", "text": "Sixty-hour weeks.", "categories": "", "theme": "", "comment": ""},
    ]


def test_quote_agreement_judges_each_quote_against_the_idea_its_card_stands_for():
    from infosynth.evaluation import quote_scores

    gold = [{"note": "a.md", "text": "Night shifts run to fourteen hours.", "theme": "long-hours"},
            {"note": "b.md", "text": "Sixty-hour weeks when a job is behind.", "theme": "long-hours"},
            {"note": "c.md", "text": "Marking eats every evening.", "theme": "long-hours"},
            {"note": "c.md", "text": "A senior colleague mentored her.", "theme": "mentor"},
            {"note": "b.md", "text": "Prefers conduit work.", "theme": ""},
            {"note": "d.md", "text": "Plays cello in an orchestra.", "theme": ""}]
    predicted = [{**g, "theme": "t1"} for g in gold[:5]] + [{**gold[5], "theme": "t2"}]

    def quote(g):
        return {"note": g["note"], "line": 3, "text": g["text"]}

    unknown = {"note": "a.md", "line": 9, "text": "A line nobody labelled."}
    cards = [{"id": "t1", "quotes": [quote(gold[0]), quote(gold[4]), quote(gold[3]), quote(gold[2]), unknown]},
             {"id": "t2", "quotes": [quote(gold[5])]}]  # no member a person themed: not judged
    scores = quote_scores(gold, predicted, cards)
    assert scores["cards_judged"] == 1
    assert scores["first_two"] == {"on_idea": 1, "other_idea": 0, "unthemed": 1, "unlabelled": 0}
    assert scores["all"] == {"on_idea": 2, "other_idea": 1, "unthemed": 1, "unlabelled": 1}


def test_evaluate_finds_every_gold_row_and_reports_baselines(dev_set):
    result = CliRunner().invoke(cli, ["evaluate", str(dev_set / "gold.csv"), str(dev_set / "notes"), "--baselines"])
    assert result.exit_code == 0, result.output
    assert "coverage 1.000" in result.output
    assert "baseline: every snippet its own theme" in result.output and "k-means" in result.output
    themes_line = next(line for line in result.output.splitlines() if line.startswith("themes   infosynth"))
    assert all(f"{name} " in themes_line for name in ("B3-P", "B3-R", "B3-F1", "ARI", "row-P", "row-R"))


def test_evaluation_metrics_agree_with_the_shared_scorer(tmp_path, dev_set):
    """Our scorer implements the same metrics as the team's; check on a real build, in place."""
    import json

    from infosynth.evaluation import score_build

    scorer = dev_set.parent / "score.py"
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(dev_set / "notes"), "--out", str(out), "-q"]).exit_code == 0
    ours = score_build(dev_set / "gold.csv", out / "snippets.csv")
    theirs = json.loads(subprocess.run(
        [sys.executable, str(scorer), str(dev_set / "gold.csv"), str(out / "snippets.csv"), "--json"],
        capture_output=True, text=True, check=True).stdout)
    assert ours["coverage"] == theirs["coverage"] == 1.0
    assert ours["tagging"]["macro_f1"] == theirs["tagging"]["macro_f1"]
    for metric in ("bcubed_precision", "bcubed_recall", "bcubed_f1"):
        assert ours["themes"][metric] == theirs["themes"][metric]
    assert ours["themes"]["ari"] == theirs["themes"]["ari_on_gold_themed"]
