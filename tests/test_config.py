"""infosynth.toml as users write it, typos included: unknown names warn with a suggestion, wrong types fail
naming the key, and ``--strict`` turns the warnings into exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from infosynth.cli import cli
from infosynth.config import ConfigError, load_config, unknown_keys

ROOT = Path(__file__).resolve().parents[1]
NOTE = """---
person: Rosa Imani
role: Charge Nurse
date: 2027-02-03
status: thanked
---
## Shifts
- Twelve-hour nights, three a week, with a huddle at 7 p.m.
- Charting happens at the bedside; the EHR upgrade made it slower for a month
## Advice
- Shadow a night shift before you decide; days and nights are different jobs
"""


def _project(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "2027-02-03-rosa.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "infosynth.toml").write_text(toml, encoding="utf-8")
    return tmp_path


TYPOS = """
[profiel]
name = "Sam Rivera"

[profile]
goals = ["Move into nursing informatics"]
hours_per_weak = 6

[folowups]
cadence_days = 30

[[plan.extra_actions]]
skill = "SQL"
acton = "Evening class at the library"
"""


def test_unknown_sections_and_keys_name_the_nearest_valid_one(tmp_path):
    cfg = load_config(_project(tmp_path, TYPOS) / "infosynth.toml")
    assert cfg.warnings == [
        "[profiel]: no such section, ignored; did you mean [profile]?",
        "[profile] hours_per_weak: no such key, ignored; did you mean hours_per_week?",
        "[folowups]: no such section, ignored; did you mean [followups]?",
        "[[plan.extra_actions]] #1 acton: no such key, ignored; did you mean action?",
    ]
    assert cfg.profile.hours_per_week == 5.0 and cfg.profile.name == ""  # what the typos cost, said out loud


def test_build_warns_about_typos_and_strict_fails_on_them(tmp_path, monkeypatch):
    project = _project(tmp_path, TYPOS)
    monkeypatch.chdir(project)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "notes", "--out", "out", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "infosynth.toml: [profiel]: no such section, ignored; did you mean [profile]?" in result.output
    assert "hours_per_weak: no such key, ignored; did you mean hours_per_week?" in result.output
    strict = runner.invoke(cli, ["build", "notes", "--out", "out", "--strict"])
    assert strict.exit_code == 1
    assert "did you mean [profile]?" in (project / "out" / "report.html").read_text(encoding="utf-8")


def test_relationship_commands_show_the_typos_too(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path, TYPOS))
    result = CliRunner().invoke(cli, ["contacts", "notes"])
    assert result.exit_code == 0 and "did you mean [followups]?" in result.output


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[profile]\nhours_per_week = "six"\n', '[profile] hours_per_week must be a number, e.g. 6 or 2.5 (no quotes), not the text "six"'),
        ("[profile]\nhorizon_quarters = 2.5\n", "[profile] horizon_quarters must be a whole number, e.g. 4 (no quotes), not the number 2.5"),
        ('[sharing]\nshare_default = "no"\n', '[sharing] share_default must be true or false (no quotes), not the text "no"'),
        ("[profile]\ngoals = 3\n", '[profile] goals must be a list of texts, e.g. ["one", "two"], not the number 3'),
        ('profile = "Sam"\n', "[profile] must be a table"),
        ('[mentor]\nquestions = [1, true]\n', "[mentor] questions must be a list of texts"),
    ],
)
def test_type_errors_name_the_key_and_the_type_it_needs(tmp_path, toml, message):
    project = _project(tmp_path, toml)
    with pytest.raises(ConfigError) as error:
        load_config(project / "infosynth.toml")
    assert message in str(error.value) and "infosynth.toml" in str(error.value)
    result = CliRunner().invoke(cli, ["build", str(project / "notes"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_shipped_configs_are_clean():
    from infosynth.cli.starter import CONFIG_TEMPLATE

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    assert unknown_keys(tomllib.loads(CONFIG_TEMPLATE)) == []
    assert load_config(ROOT / "sample_notes" / "infosynth.toml").warnings == []


def test_mentor_questions_are_read(tmp_path):
    toml = '[mentor]\nquestions = ["Is informatics a realistic first step?", "Which certificate first?"]\n'
    cfg = load_config(_project(tmp_path, toml) / "infosynth.toml")
    assert cfg.mentor_questions == ["Is informatics a realistic first step?", "Which certificate first?"]
    assert cfg.warnings == []
