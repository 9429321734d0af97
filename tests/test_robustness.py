"""Whatever a notes folder holds: no traceback, nothing lost, nothing changed, no network, text stays inert."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infosynth.cli import cli

GOOD_NOTE = """---
person: Ana Ruiz
role: Data Analyst
date: 2026-04-02
---
## Typical day
- Writes SQL most mornings, then meets stakeholders after lunch
- The team ships a dashboard refresh every Monday
"""


def _bad_corpus(root: Path) -> dict[str, str]:
    """Write the bad-input corpus; return {relative path: expected word in its warning}."""
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, warning: str | None = None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if warning:
            expect[name] = warning

    put("good.md", GOOD_NOTE)
    put("unclosed.md", "---\nperson: Bo\n- the body still counts\n", "never closed")
    put("malformed.md", "---\nperson: [Bo\n---\n- mentor matters a lot\n", "not valid YAML")
    put("fm-list.md", "---\n- a\n- b\n---\n- list front matter note body\n", "not key: value")
    put("fm-scalar.md", "---\nhello\n---\n- scalar front matter note body\n", "not key: value")
    put("bom-crlf.md", "\ufeff---\r\nperson: Cy\r\n---\r\n- windows line endings are fine\r\n")
    put("utf16.md", "- utf sixteen is decoded\n".encode("utf-16"), "UTF-16")
    put("latin1.md", "- caf\xe9 chats count\n".encode("latin-1"), "Latin-1")
    put("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary")
    # a save cut short by a crash leaves a zero-filled end; a stray null byte comes in with pasted text
    put("zero-tail.md", b"- the note survives a zero-filled end\n" + b"\x00" * 4096, "4,096 null bytes removed")
    put("stray-null.md", "- a stray \x00null byte in a pasted line\n", "1 null byte removed")
    long_bullet = "- networking and mentors came up again, " + "and the point was made at length " * 14 + "\n"
    put("huge.md", long_bullet * 2_500, "MB")  # ~1.3 MB: over the 1 MB limit
    put("longline.md", "- " + "word " * 40_000 + "\n- a normal bullet after the long line\n", "cut")
    put("nested.md", "".join("  " * i + f"- level {i}\n" for i in range(200)) + "\n## After\n- tail kept\n", "nested")
    # patterns that could go quadratic on such input: a long run of spaces in a header line, unclosed comments
    put("spaces.md", "Name: Bo" + " " * 200_000 + "Ng\n\n- the bullet after a very wide first line\n")
    put("comments.md", "<!-- x\n" * 20_000 + "\n- the bullet after many unclosed comments\n")
    put("empty.md", "", "empty")
    put("blank.md", "  \n\n\t\n", "empty")
    put("fm-only.md", "---\nperson: Dee Planned\nstatus: planned\n---\n")
    put("dup-a.md", "- exactly the same note twice\n")
    put("dup-b.md", "- exactly the same note twice\n", "duplicate")
    put("with space é.md", "- non-ASCII and spaces in the file name work\n")
    (root / "x.md").mkdir()
    put("x.md/inner.md", "- a note inside a folder named like a note\n")
    (root / "dangling.md").symlink_to(root / "nowhere.md")
    expect["dangling.md"] = "broken symlink"
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to(root)
    expect["sub/loop"] = "loop"
    return expect


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames + dirnames):
            path = Path(dirpath) / name
            digest.update(str(path.relative_to(root)).encode())
            if path.is_symlink():
                digest.update(os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
            st = path.lstat()
            digest.update(f"{st.st_mode}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-notes")
    expect = _bad_corpus(root)
    before = _tree_digest(root)
    out = tmp_path_factory.mktemp("bad-out")
    cache = tmp_path_factory.mktemp("bad-cache")
    result = subprocess.run(
        [sys.executable, "-m", "infosynth", "build", str(root), "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, "INFOSYNTH_CACHE_DIR": str(cache)},
    )
    return root, out, expect, before, result


def test_bad_corpus_builds_without_traceback_and_names_every_broken_file(bad_build):
    root, out, expect, _, result = bad_build
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    for name, word in expect.items():
        mine = [w for w in warnings if w.startswith(f"warning: {name}: ")]
        assert len(mine) == 1, (name, mine)
        assert word in mine[0], (name, mine[0])
    # a planned interview (front matter and nothing else yet) is a note like any other, not a problem
    assert not [w for w in warnings if w.startswith("warning: fm-only.md: ")]
    assert "Read " in result.stdout


def test_bad_corpus_keeps_every_good_part(bad_build):
    _, out, _, _, _ = bad_build
    with open(out / "snippets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = {(r["note"], r["text"]) for r in rows}
    for note, text in [
        ("good.md", "Writes SQL most mornings, then meets stakeholders after lunch"),
        ("malformed.md", "mentor matters a lot"),
        ("fm-list.md", "list front matter note body"),
        ("bom-crlf.md", "windows line endings are fine"),
        ("utf16.md", "utf sixteen is decoded"),
        ("latin1.md", "café chats count"),
        ("longline.md", "a normal bullet after the long line"),
        ("nested.md", "tail kept"),
        ("dup-a.md", "exactly the same note twice"),
        ("with space é.md", "non-ASCII and spaces in the file name work"),
        ("x.md/inner.md", "a note inside a folder named like a note"),
        ("spaces.md", "the bullet after a very wide first line"),
        ("comments.md", "the bullet after many unclosed comments"),
        ("zero-tail.md", "the note survives a zero-filled end"),
        ("stray-null.md", "a stray null byte in a pasted line"),
    ]:
        assert (note, text) in texts, (note, text)
    assert not any(r["note"] == "dup-b.md" for r in rows)
    notes = {r["note"] for r in csv.DictReader(open(out / "notes.csv", encoding="utf-8", newline=""))}
    assert {"fm-only.md", "empty.md", "huge.md"} <= notes


def test_bad_corpus_folder_is_left_byte_identical(bad_build):
    root, _, _, before, _ = bad_build
    assert _tree_digest(root) == before


def test_strict_turns_warnings_into_exit_1(bad_build, tmp_path):
    root, _, _, _, _ = bad_build
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(tmp_path), "--strict", "-q"])
    assert result.exit_code == 1


def test_missing_and_empty_folders_are_one_line_errors_with_exit_2(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "does not exist" in missing.output and "Traceback" not in missing.output
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(cli, ["build", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert empty.exit_code == 2 and "no notes" in empty.output


def test_bad_config_is_a_clear_error_naming_the_file(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(GOOD_NOTE)
    (tmp_path / "notes" / "infosynth.toml").write_text("[profile\nname = 'x'\n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "notes"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "infosynth.toml" in result.output and "TOML" in result.output


HOSTILE = """---
person: "<script>alert('fm')</script> Eve"
role: "<img src=x onerror=alert(1)>"
date: 2026-05-01
---
# <script>alert("heading")</script>
## Culture <b onmouseover=alert(2)>bold</b>
- Said <script>document.title='pwned'</script> in a bullet about mentorship and culture
- =HYPERLINK("http://evil.example","click") was typed into the notes
- +1 for SQL; @everyone uses it; -5 for long hours
"""


def test_hostile_text_is_inert_in_every_output(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "<img src=x onerror=alert(3)>.md").write_text(HOSTILE)
    (notes / "other.md").write_text(GOOD_NOTE)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # the report has no scripts of its own, and note text is escaped
    assert "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;" in html
    md = (out / "report.md").read_text(encoding="utf-8")
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render(md)  # as a mail client or doc tool would
    assert "<script" not in rendered and "<img" not in rendered and "<b onmouseover" not in rendered
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "<script>" in json.dumps(data, ensure_ascii=False)  # JSON keeps the text as data, exactly
    with open(out / "snippets.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@")), value


def test_full_build_opens_no_network_connection(tmp_path, monkeypatch):
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(GOOD_NOTE)
    (notes / "b.md").write_text(GOOD_NOTE.replace("Ana Ruiz", "Bo Li"))
    result = CliRunner().invoke(cli, ["build", str(notes), "--out", str(tmp_path / "out"), "--no-cache", "--share"])
    assert result.exit_code == 0, result.output
    assert attempts == []


def test_two_builds_at_once_leave_a_valid_report_and_cache(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(6):
        (notes / f"n{i}.md").write_text(GOOD_NOTE.replace("Ana Ruiz", f"Person {i}") + f"- note {i} detail\n")
    out = tmp_path / "out"
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "infosynth", "build", str(notes), "--out", str(out), "-q"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not list(out.glob(".*.tmp"))
    again = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "6 from cache" in again.stdout


def test_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    from infosynth.report import export

    target = tmp_path / "report.html"
    export.atomic_write(target, "<html>old</html>")

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "replace", explode)
    with pytest.raises(KeyboardInterrupt):
        export.atomic_write(target, "<html>new</html>")
    assert target.read_text() == "<html>old</html>"
    assert not list(tmp_path.glob(".*.tmp"))
