"""Faults a real notes folder meets: the build refuses what would lose notes and survives the rest.

Each case runs real files, real processes and real signals: `infosynth build` in a subprocess, links on disk,
read-only mounts or permissions, a full file system, a second build holding the output folder.
"""

from __future__ import annotations

import contextlib
import csv
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import infosynth
from infosynth.config import Config
from infosynth.ingest.discover import OUTPUT_MARKER
from infosynth.ingest.notes import read_text

NURSE = """---
person: Rosa Delgado
role: Nurse Educator
organization: St Brigid Hospital
date: 2026-03-02
---
## Typical day
- Runs skills labs for new graduate nurses every Tuesday and Thursday
- Charting audits take the last hour of most shifts
## Advice
- Get your clinical teaching certificate before applying for educator roles
- The unit culture is supportive but the pace during flu season is relentless
"""

ELECTRICIAN = """# Call with Tomasz Wiśniewski, site electrician

## What the work is like
- Starts at 6:30 on site, reads the drawings with the foreman before anyone picks up a tool
- Most of the job is fault finding on temporary supplies, not new installs
## Getting in
- An apprenticeship with a contractor mattered more than the college course
- Inspection and testing qualification is what gets you the better-paid jobs
"""

TEACHER = """---
person: Aiko Tanaka
role: High-school science teacher
date: 2026-04-18
---
## Day to day
- Five lessons a day and lab prep in the gaps; marking happens on Sunday evenings
- The department shares lesson plans, which saves hours every week
## Skills
- Classroom management is learned in the first year, not in the training course
"""


def _notes(root: Path, **extra: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "2026-03-02-rosa.md").write_text(NURSE, encoding="utf-8")
    (root / "tomasz.md").write_text(ELECTRICIAN, encoding="utf-8")
    (root / "2026-04-18-aiko.md").write_text(TEACHER, encoding="utf-8")
    for name, text in extra.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _build(*args: str | Path, cache: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "infosynth", "build", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=kwargs.pop("timeout", 300), **kwargs)


def _errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links as their target) with its bytes, plus the folder list."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            key = str(path.relative_to(root))
            seen[key] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes() if path.is_file() else b"/"
    return seen


def _snippets(out: Path) -> list[dict[str, str]]:
    with open(out / "snippets.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ----------------------------------------------------------------------------------------- output folder


def test_out_equal_to_the_notes_folder_is_refused_and_changes_no_byte(tmp_path):
    notes = _notes(tmp_path / "notes", **{"report.md": "- my own note that happens to be called report\n"})
    before = _tree(notes)
    result = _build(notes, "--out", notes, cache=tmp_path / "cache")
    assert result.returncode == 2
    assert len(_errors(result)) == 1 and "is the notes folder" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert _tree(notes) == before


def test_out_that_holds_the_notes_folder_or_other_notes_is_refused(tmp_path):
    notes = _notes(tmp_path / "vault" / "notes")
    holder = _build(notes, "--out", tmp_path / "vault", cache=tmp_path / "cache")
    assert holder.returncode == 2 and "holds the notes folder" in holder.stderr and len(_errors(holder)) == 1
    elsewhere = _notes(tmp_path / "journal")  # a folder of someone's markdown, not an infosynth output
    before = _tree(elsewhere)
    foreign = _build(notes, "--out", elsewhere, cache=tmp_path / "cache")
    assert foreign.returncode == 2 and "holds notes" in foreign.stderr and len(_errors(foreign)) == 1
    assert _tree(elsewhere) == before


def test_output_folder_inside_the_notes_folder_is_marked_and_never_read_back(tmp_path):
    notes = _notes(tmp_path / "notes")
    out = notes / "reports"
    counts = []
    for _ in range(3):
        result = _build(notes, "--out", out, "-q", cache=tmp_path / "cache")
        assert result.returncode == 0, result.stderr
        counts.append(len(_snippets(out)))
    assert counts[0] == counts[1] == counts[2]
    assert (out / OUTPUT_MARKER).is_file()
    assert not any(row["note"].startswith("reports/") for row in _snippets(out))
    # Marked, it is skipped even when another output folder is chosen: stale reports are not interviews.
    other = _build(notes, "--out", tmp_path / "elsewhere", "-q", cache=tmp_path / "cache")
    assert other.returncode == 0 and len(_snippets(tmp_path / "elsewhere")) == counts[0]


def test_report_folder_of_an_earlier_version_is_still_accepted(tmp_path):
    notes = _notes(tmp_path / "notes")
    out = tmp_path / "reports"
    out.mkdir()
    for name in ("report.md", "report.html", "report.json"):  # what an earlier build left, without a marker
        (out / name).write_text("old", encoding="utf-8")
    result = _build(notes, "--out", out, "-q", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert (out / OUTPUT_MARKER).is_file() and (out / "report.md").read_text(encoding="utf-8") != "old"


def test_building_an_output_folder_as_notes_is_refused(tmp_path):
    notes = _notes(tmp_path / "notes")
    assert _build(notes, "--out", tmp_path / "out", "-q", cache=tmp_path / "cache").returncode == 0
    result = _build(tmp_path / "out", "--out", tmp_path / "out2", cache=tmp_path / "cache")
    assert result.returncode == 2 and "output folder, not a notes folder" in result.stderr
    # The commands that read front matter only refuse it too, instead of listing report.md as a contact.
    from click.testing import CliRunner

    from infosynth.cli import cli

    for command in ("contacts", "followups"):
        listed = CliRunner().invoke(cli, [command, str(tmp_path / "out")])
        assert listed.exit_code == 2 and "output folder, not a notes folder" in listed.output, (command, listed.output)


def test_a_templates_folder_that_is_not_there_is_one_line_before_any_work(tmp_path):
    notes = _notes(tmp_path / "notes")
    result = _build(notes, "--out", tmp_path / "out", "--templates", tmp_path / "my-templatse", cache=tmp_path / "cache")
    assert result.returncode == 2 and len(_errors(result)) == 1 and "Traceback" not in result.stderr
    assert f"templates folder {tmp_path / 'my-templatse'} does not exist" in result.stderr
    assert not (tmp_path / "out").exists()  # refused before the build: nothing written, nothing created
    (notes / "infosynth.toml").write_text('[report]\ntemplates = "templates"\n', encoding="utf-8")
    result = _build(notes, "--out", tmp_path / "out", cache=tmp_path / "cache")
    assert result.returncode == 2 and "templates folder" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "out").exists()


def test_out_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    notes = _notes(tmp_path / "notes")
    target = tmp_path / "report.html"
    target.write_text("keep me", encoding="utf-8")
    result = _build(notes, "--out", target, cache=tmp_path / "cache")
    assert result.returncode == 2 and len(_errors(result)) == 1 and "is a file" in result.stderr
    assert "Traceback" not in result.stderr and target.read_text(encoding="utf-8") == "keep me"


@contextlib.contextmanager
def _read_only(folder: Path):
    """Make ``folder`` read-only for the build: a read-only bind mount as root (root ignores permissions),
    permissions otherwise."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode == 0
    if not mounted or subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode:
        if mounted:
            subprocess.run(["umount", str(folder)])
        pytest.skip("cannot make a read-only folder here (running as root without mount)")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_output_folder_is_one_line_and_keeps_the_previous_report(tmp_path):
    notes = _notes(tmp_path / "notes")
    out = tmp_path / "out"
    assert _build(notes, "--out", out, "-q", cache=tmp_path / "cache").returncode == 0
    (notes / "new.md").write_text("- a new note that cannot be reported yet\n", encoding="utf-8")
    before = _tree(out)
    with _read_only(out):
        result = _build(notes, "--out", out, cache=tmp_path / "cache")
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    assert len(_errors(result)) == 1 and str(out) in result.stderr
    assert _tree(out) == before


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_failed_write_keeps_every_previous_output_and_leaves_no_temporary_file(tmp_path):
    notes = _notes(tmp_path / "notes")
    out = tmp_path / "out"
    assert _build(notes, "--out", out, "--share", "-q", cache=tmp_path / "cache").returncode == 0
    for i in range(40):  # enough new text that report.json outgrows the limit below
        (notes / f"extra-{i}.md").write_text(ELECTRICIAN.replace("Tomasz Wiśniewski", f"Person {i}") +
                                             f"- detail {i} about night work on rail sites\n", encoding="utf-8")
    before = _tree(out)
    limit = max(len(data) for data in before.values()) + 1000  # every old file fits, the new report.json not
    result = _build(notes, "--out", out, "--share", "--no-cache", cache=tmp_path / "cache",
                    preexec_fn=_limit_file_size(limit))
    assert result.returncode == 3, result.stderr
    assert len(_errors(result)) == 1 and "previous report is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(out) == before  # private set, shared set and redaction log all as they were; no .tmp


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_full_disk_is_one_line_and_keeps_the_previous_report(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        notes = _notes(tmp_path / "notes")
        out = mount / "out"
        assert _build(notes, "--out", out, "-q", cache=tmp_path / "cache").returncode == 0
        for i in range(60):
            (notes / f"extra-{i}.md").write_text(NURSE.replace("Rosa Delgado", f"Person {i}") + f"- shift {i}\n",
                                                 encoding="utf-8")
        before = _tree(out)
        result = _build(notes, "--out", out, cache=tmp_path / "cache")
        assert result.returncode == 3 and "No space left" in result.stderr and len(_errors(result)) == 1
        assert _tree(out) == before
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_temporary_files_of_an_interrupted_build_are_removed(tmp_path):
    notes = _notes(tmp_path / "notes")
    out = tmp_path / "out"
    assert _build(notes, "--out", out, "-q", cache=tmp_path / "cache").returncode == 0
    (out / ".report.html.k2j4_x9q.tmp").write_text("half a report", encoding="utf-8")
    (out / "shared").mkdir()
    (out / "shared" / ".snippets.csv.a1b2c3d4.tmp").write_text("half a csv", encoding="utf-8")
    (out / ".my-settings").write_text("not infosynth's", encoding="utf-8")
    assert _build(notes, "--out", out, "-q", cache=tmp_path / "cache").returncode == 0
    assert not list(out.rglob("*.tmp"))
    assert (out / ".my-settings").read_text(encoding="utf-8") == "not infosynth's"


def test_second_build_into_the_same_folder_waits_or_stops_with_no_wait(tmp_path):
    from infosynth.report.outdir import claim_output

    notes = _notes(tmp_path / "notes")
    out = tmp_path / "out"
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "infosynth", "build", str(notes), "--out", str(out), "-q"]
    with claim_output(out, notes):  # this process is the first build
        stopped = subprocess.run(cmd + ["--no-wait"], capture_output=True, text=True, env=env, timeout=120)
        assert stopped.returncode == 3 and "another infosynth build" in stopped.stderr
        assert len(_errors(stopped)) == 1 and not (out / "report.html").exists()
        waiting = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        first_line = waiting.stderr.readline()
        assert "waiting for it to finish" in first_line
        time.sleep(1.0)
        assert waiting.poll() is None and not (out / "report.html").exists()
    _, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert (out / "report.html").is_file()


def test_two_builds_of_different_notes_into_one_folder_never_mix(tmp_path):
    first = _notes(tmp_path / "first")
    second = tmp_path / "second"
    second.mkdir()
    (second / "aiko.md").write_text(TEACHER, encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-m", "infosynth", "build", str(folder), "--out", str(out), "-q",
                               "--share"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (first, second)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    private = {r["note"] for r in _snippets(out)}
    shared_people = (out / "shared" / "notes.csv").read_text(encoding="utf-8").count("\n") - 1
    assert private in ({"2026-03-02-rosa.md", "tomasz.md", "2026-04-18-aiko.md"}, {"aiko.md"})
    assert shared_people == len(private)  # the shared set is from the same build as the private one


# ------------------------------------------------------------------------------------------- discovery


def test_symlink_to_a_parent_folder_pulls_nothing_in(tmp_path):
    home = tmp_path / "home"
    notes = _notes(home / "notes")
    (home / "diary").mkdir()
    (home / "diary" / "private.md").write_text("- my private diary entry about the landlord\n", encoding="utf-8")
    (home / "secret.md").write_text("- bank details and passwords\n", encoding="utf-8")
    (notes / "up").symlink_to("..")
    (notes / "secret-link.md").symlink_to(home / "secret.md")
    (notes / "sub").mkdir()
    (notes / "sub" / "inside.md").write_text("- a note kept in a sub folder\n", encoding="utf-8")
    (notes / "also-inside").symlink_to(notes / "sub")  # inside the notes folder: followed
    out = tmp_path / "out"
    result = _build(notes, "--out", out, cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    texts = " ".join(r["text"] for r in _snippets(out))
    assert "diary" not in texts and "bank details" not in texts
    assert "a note kept in a sub folder" in texts
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "landlord" not in report and "passwords" not in report
    warnings = [line for line in result.stderr.splitlines() if "outside the notes folder" in line]
    assert sorted(w.split(":")[1].strip() for w in warnings) == ["secret-link.md", "up"]


# ----------------------------------------------------------------------------------------- front matter

BOMB = """---
person: Billion Laughs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
## Advice
- Shadow a pharmacist for a day before deciding on the technician course
"""


def _memory_cap(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_yaml_alias_bomb_is_one_warning_and_the_body_is_read(tmp_path):
    notes = _notes(tmp_path / "notes", **{"bomb.md": BOMB})
    out = tmp_path / "out"
    started = time.monotonic()
    result = _build(notes, "--out", out, "--share", cache=tmp_path / "cache", timeout=60,
                    preexec_fn=_memory_cap(4 * 1024**3))
    assert time.monotonic() - started < 60
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == ["warning: bomb.md: front matter expands to more than 10,000 values (YAML aliases); "
                        "ignored, body kept; withheld from shared copies: its front matter cannot be read, so "
                        "neither can its share/quotes consent"]
    assert ("bomb.md", "Shadow a pharmacist for a day before deciding on the technician course") in {
        (r["note"], r["text"]) for r in _snippets(out)}
    assert "pharmacist" not in (out / "shared" / "snippets.csv").read_text(encoding="utf-8")  # consent unknown


def test_ordinary_anchors_and_merge_keys_still_work(tmp_path):
    note = "---\nbase: &base {organization: Northwind Health}\n<<: *base\nperson: Ana Ruiz\n---\n- SQL daily\n"
    from infosynth.ingest.notes import parse_note

    warnings = []
    parsed = parse_note(note, "ana.md", warn=warnings.append)
    assert parsed.organization == "Northwind Health" and parsed.person == "Ana Ruiz" and warnings == []


def test_front_matter_nested_thousands_of_levels_deep_is_a_warning(tmp_path):
    deep = "---\nperson: Deep\nx: " + "[" * 4_900 + "]" * 4_900 + "\n---\n- the body is kept\n"
    notes = _notes(tmp_path / "notes", **{"deep.md": deep})
    result = _build(notes, "--out", tmp_path / "out", cache=tmp_path / "cache")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "warning: deep.md: front matter is nested too deeply; ignored, body kept" in result.stderr
    assert "the body is kept" in {r["text"] for r in _snippets(tmp_path / "out")}


# -------------------------------------------------------------------------------------------- templates


def test_hostile_user_template_runs_no_command_and_is_one_line(tmp_path):
    project = tmp_path / "vault"  # a synced or shared folder: the templates came with it
    notes = _notes(project / "notes")
    (project / "infosynth.toml").write_text("[profile]\nname = 'Sam'\n", encoding="utf-8")
    (project / "templates" / "partials").mkdir(parents=True)
    proof = tmp_path / "PWNED"
    (project / "templates" / "partials" / "themes.html.j2").write_text(
        f"<p>{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}</p>\n", encoding="utf-8")
    result = _build(notes, "--out", tmp_path / "out", cache=tmp_path / "cache")
    assert not proof.exists()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert _errors(result) == [line for line in _errors(result) if line.startswith("Error: template ")]
    assert len(_errors(result)) == 1 and "partials/themes.html.j2" in result.stderr and "sandbox" in result.stderr
    assert not (tmp_path / "out" / "report.html").exists()


def test_sandbox_also_covers_message_templates(tmp_path):
    from infosynth.relationships.outreach import template_environment

    proof = tmp_path / "PWNED"
    env = template_environment()
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        env.from_string(f"{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}").render()
    assert not proof.exists()


# ------------------------------------------------------------------------------------ files that change


def test_note_rewritten_during_the_build_is_read_again(tmp_path):
    notes = _notes(tmp_path / "notes")
    target = notes / "tomasz.md"
    target.write_text("", encoding="utf-8")  # caught mid-save: the editor had truncated it
    rewritten = []

    def save_finishes(stage: str, done: int, total: int) -> None:
        if stage == "notes" and not rewritten:
            time.sleep(0.01)  # a different modification time, even on coarse clocks
            target.write_text(ELECTRICIAN, encoding="utf-8")
            rewritten.append(True)

    syn = infosynth.build(notes, Config(cache_dir=tmp_path / "cache"), progress=save_finishes)
    assert rewritten
    texts = set(syn.snippets.loc[syn.snippets.note == "tomasz.md", "text"])
    assert "Most of the job is fault finding on temporary supplies, not new installs" in texts
    assert [w.message for w in syn.warnings if w.path == "tomasz.md"] == ["changed during the build; read again"]
    again = infosynth.build(notes, Config(cache_dir=tmp_path / "cache"))  # what was cached is the new version
    assert set(again.snippets.loc[again.snippets.note == "tomasz.md", "text"]) == texts


WRITER = textwrap.dedent("""
    import sys, time
    path, keep, stop = sys.argv[1], int(sys.argv[2]), time.time() + float(sys.argv[3])
    with open(path, "a", encoding="utf-8") as fh:
        while time.time() < stop:  # a sync client appending as fast as it can
            fh.write("- another line appended by a sync client\\n")
            fh.flush()
            if fh.tell() > keep + 100_000:
                fh.truncate(keep)
""")


def test_file_that_changes_while_it_is_read_is_flagged_and_read_again(tmp_path):
    note = tmp_path / "growing.md"
    # Large (a long export), so that each read takes long enough for the writer to land inside it.
    start = NURSE + "".join(f"- imported line {i} from an older notebook\n" for i in range(18_000))
    note.write_text(start, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(note), str(len(start.encode())), "60"])
    try:
        time.sleep(0.5)
        flagged = []
        deadline = time.monotonic() + 20
        while not flagged and time.monotonic() < deadline:
            result = read_text(note)
            assert result.text and result.text.startswith(start)
            flagged = result.notes
        assert flagged and ("changed while being read; read again" in flagged[0]
                            or "kept changing while being read" in flagged[0]), flagged
    finally:
        writer.kill()
        writer.wait()
    settled = read_text(note)
    assert settled.notes == [] and settled.text == note.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------- workers


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _many_notes(root: Path, n: int) -> Path:
    root.mkdir(parents=True)
    body = "\n".join(f"- Point {{i}}.{k}: the team reviews incident {k} and updates the runbook together"
                     for k in range(40))
    for i in range(n):
        (root / f"note-{i:03d}.md").write_text(f"# Chat with Person {i}\n## Notes\n" + body.format(i=i) + "\n",
                                               encoding="utf-8")
    return root


def _left_after_killing(tmp_path: Path, notes: int, processes: int, sig: int, starting: str) -> list[int]:
    """Run ``infosynth build -j 2 --no-cache`` over ``notes`` generated notes in a session of its own, send it
    ``sig`` once its process group holds ``processes`` processes (``starting`` says which, if it never does), and
    return the group's live members five seconds after it ended."""
    folder = _many_notes(tmp_path / "notes", notes)
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(tmp_path / "cache")}
    build = subprocess.Popen([sys.executable, "-m", "infosynth", "build", str(folder), "--out", str(tmp_path / "out"),
                              "-j", "2", "--no-cache", "-q"], env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(_group(build.pid)) < processes and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_group(build.pid)) >= processes, starting
        os.kill(build.pid, sig)
        build.wait(timeout=30)
        deadline = time.monotonic() + 5
        while _group(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        return _group(build.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_a_parallel_build_leaves_no_process_behind(tmp_path, sig):
    # 240 changed notes: enough for two worker processes. Five processes: the build, the resource tracker, the fork
    # server and two workers.
    assert _left_after_killing(tmp_path, 240, 5, sig, "the build never started its workers") == []


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="a build forks a child for a few notes on Linux with two cores")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_a_build_ends_the_child_it_forked(tmp_path, sig):
    # 60 changed notes: too few for worker processes, so one forked child reads them.
    assert _left_after_killing(tmp_path, 60, 2, sig, "the build never forked its child") == []
