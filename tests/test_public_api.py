"""The public API a user's code and scripts rely on: its names, the Synthesis conveniences, the CLI's commands and
options. A change here breaks someone's notebook or shell script; it must be deliberate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

import infosynth

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = {
    "build": ["--config", "--jobs", "--no-cache", "--no-wait", "--out", "--quiet", "--share", "--strict",
              "--templates", "--verbose", "-j", "-q", "-v", "NOTES_DIR"],
    "contacts": ["--config", "--csv", "--today", "NOTES_DIR"],
    "evaluate": ["--baselines", "--json", "--out", "GOLD_CSV", "NOTES_DIR"],
    "followups": ["--config", "--csv", "--today", "NOTES_DIR"],
    "init": ["DIRECTORY"],
    "outreach": ["--config", "--minutes", "--name", "--notes-dir", "--org", "--out", "--purpose", "--reference",
                 "--role", "--templates"],
    "thank-you": ["--config", "--notes-dir", "--out", "--templates", "NOTE"],
}


def test_the_package_exports_its_api():
    assert set(infosynth.__all__) == {"build", "load_config", "Synthesis", "Config", "Profile", "NotesFolderError",
                                      "__version__"}
    for name in infosynth.__all__:
        assert getattr(infosynth, name) is not None, name
    assert callable(infosynth.build) and callable(infosynth.load_config)
    assert {"render", "recluster", "filter", "quotes", "category_mix"} <= set(dir(infosynth.Synthesis))


def test_the_command_line_keeps_its_commands_and_options():
    from infosynth.cli import cli, main

    assert callable(main)
    found = {name: sorted(o for p in cmd.params for o in (p.opts if isinstance(p, click.Option) else [p.name.upper()]))
             for name, cmd in cli.commands.items()}
    assert found == COMMANDS


def test_render_works_on_a_synthesis_made_by_hand(tmp_path):
    # A Synthesis built without infosynth.build (as a notebook or a test may) still renders: getting it from the
    # package attaches the conveniences that live in the stages above it.
    code = (
        "import sys; from pathlib import Path; import infosynth; from infosynth.config import Config; "
        "from infosynth.models import Note, Snippet; "
        "n = Note('a.md', title='Chat with Ana', person='Ana', snippets=[Snippet('a.md', 3, 'Night shifts are long.')]); "
        f"syn = infosynth.Synthesis(Path('notes'), Config(), [n], n.snippets, None, []); "
        f"print(len(syn.render(Path({str(tmp_path / 'out')!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "INFOSYNTH_CACHE_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-1500:]
    assert int(done.stdout.strip()) >= 8 and (tmp_path / "out" / "report.html").is_file()


def test_the_console_script_and_module_entry_points():
    done = subprocess.run([sys.executable, "-m", "infosynth", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "build" in done.stdout and "thank-you" in done.stdout
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'infosynth = "infosynth.cli:main"' in text
