"""Run every fault check of the "never lose a note, never stop on a bad cache" list against this checkout.

Each check builds real folders with `infosynth build` in fresh processes (real files, links, a read-only folder,
SIGKILL) and prints PASS or FAIL with what it saw. Exit status 0 when every check passes.

    python benchmarks/fault_check.py
    python benchmarks/fault_check.py --keep      # leave the work folder for inspection

A read-only folder needs permissions (as a normal user) or a read-only bind mount (as root); when neither is
possible that check says SKIP. The process check reads /proc (Linux).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_notes import generate  # noqa: E402

BOMB = "---\nperson: Billion Laughs\n" + "".join(
    f"{k}: &{k} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for p, k in zip([""] + list("abcdefgh"), "abcdefghi")
) + "---\n## Advice\n- Shadow a pharmacist for a day before deciding on the technician course\n"

HOSTILE = "<p>{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}</p>\n"


class Check:
    def __init__(self, work: Path, env: dict[str, str]):
        self.work, self.env = work, env
        self.results: list[tuple[str, str, str]] = []

    def build(self, *args: object, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "infosynth", "build", *map(str, args)], capture_output=True,
                              text=True, env=self.env, timeout=kwargs.pop("timeout", 600), **kwargs)

    def record(self, name: str, ok: bool | None, detail: str) -> None:
        status = "SKIP" if ok is None else "PASS" if ok else "FAIL"
        self.results.append((name, status, detail))
        print(f"{status}  {name}: {detail}", flush=True)

    def notes(self, name: str, n: int = 12) -> Path:
        return generate(self.work / name, n, seed=11)


def tree(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            out[str(path.relative_to(root))] = (os.readlink(path).encode() if path.is_symlink()
                                                else path.read_bytes() if path.is_file() else b"/")
    return out


def snippet_count(out: Path) -> int:
    with open(out / "snippets.csv", encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def group(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


# ------------------------------------------------------------------------------------------------- checks


def out_is_notes_folder(c: Check) -> None:
    notes = c.notes("same")
    (notes / "report.md").write_text("- my own note called report\n", encoding="utf-8")
    before = tree(notes)
    r = c.build(notes, "--out", notes)
    ok = tree(notes) == before and "Traceback" not in r.stderr + r.stdout and r.returncode != 0
    c.record("--out = the notes folder", ok, f"exit {r.returncode}, notes folder unchanged: {tree(notes) == before}, "
             f"stderr: {' | '.join(lines(r.stderr))}")


def out_inside_notes(c: Check) -> None:
    notes = c.notes("inside")
    counts = []
    for _ in range(3):
        r = c.build(notes, "--out", notes / "reports", "-q")
        counts.append(snippet_count(notes / "reports") if r.returncode == 0 else None)
    c.record("three builds with --out notes/reports", None not in counts and len(set(counts)) == 1,
             f"snippet counts {counts}")


def truncated_cache(c: Check) -> None:
    notes = c.notes("cache")
    db = Path(c.env["INFOSYNTH_CACHE_DIR"]) / "notes.sqlite"
    details, ok = [], c.build(notes, "--out", c.work / "cache-out", "-q").returncode == 0
    # The embeddings alone (the JSON still decodes), then every payload as the check asks.
    for label, sql in (("embeddings", "UPDATE note_results SET embeddings = substr(embeddings, 1, 100)"),
                       ("payload and embeddings", "UPDATE note_results SET payload = substr(payload, 1, 100), "
                                                  "embeddings = substr(embeddings, 1, 100)")):
        with sqlite3.connect(db) as con:
            n = con.execute(sql).rowcount
        r = c.build(notes, "--out", c.work / "cache-out")
        warnings = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
        ok = ok and n > 0 and r.returncode == 0 and "Traceback" not in r.stderr and len(warnings) <= 1
        details.append(f"{label} of {n} rows cut to 100 bytes: exit {r.returncode}, {len(warnings)} warning "
                       f"{' | '.join(warnings) or ''}".rstrip())
    c.record("every cache payload truncated to 100 bytes", ok, "; ".join(details))


def alias_bomb(c: Check) -> None:
    notes = c.notes("bomb", 4)
    (notes / "bomb.md").write_text(BOMB, encoding="utf-8")
    cap = 4 * 1024**3
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "infosynth", "build", str(notes), "--out", str(c.work / "bomb-out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=c.env,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        c.record("YAML alias bomb", False, "still running after 60 s")
        return
    elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest child so far
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    ok = proc.returncode == 0 and len(warnings) == 1 and "bomb.md" in warnings[0] and elapsed < 60
    c.record("YAML alias bomb", ok, f"exit {proc.returncode} in {elapsed:.1f}s under a 4 GB cap (largest child so "
             f"far {peak_mb:.0f} MB); warnings: {' | '.join(warnings)}")


def parent_symlink(c: Check) -> None:
    home = c.work / "home"
    notes = c.notes("home/notes", 4)
    (home / "diary").mkdir()
    (home / "diary" / "entry.md").write_text("- PRIVATE-DIARY-LINE about my landlord\n", encoding="utf-8")
    (notes / "up").symlink_to("..")
    r = c.build(notes, "--out", c.work / "link-out")
    out = c.work / "link-out"
    leaked = r.returncode == 0 and any("PRIVATE-DIARY-LINE" in p.read_text(encoding="utf-8", errors="replace")
                                       for p in out.rglob("*") if p.is_file())
    c.record("notes/up -> ..", r.returncode == 0 and not leaked,
             f"exit {r.returncode}; parent's text in outputs: {leaked}; "
             f"{' | '.join(line for line in r.stderr.splitlines() if 'up' in line)}")


def hostile_template(c: Check) -> None:
    project = c.work / "vault"
    notes = c.notes("vault/notes", 4)
    (project / "infosynth.toml").write_text("[profile]\nname = 'Sam'\n", encoding="utf-8")
    (project / "templates" / "partials").mkdir(parents=True)
    proof = c.work / "PWNED"
    (project / "templates" / "partials" / "themes.html.j2").write_text(HOSTILE.format(proof=proof), encoding="utf-8")
    r = c.build(notes, "--out", c.work / "vault-out")
    ok = not proof.exists() and len(lines(r.stderr)) == 1 and "Traceback" not in r.stderr
    c.record("hostile user template", ok, f"command ran: {proof.exists()}; exit {r.returncode}; "
             f"stderr: {' | '.join(lines(r.stderr))}")


def out_is_file(c: Check) -> None:
    notes = c.notes("file", 4)
    target = c.work / "a-file"
    target.write_text("keep", encoding="utf-8")
    r = c.build(notes, "--out", target)
    c.record("--out that is a file", r.returncode == 2 and len(lines(r.stderr)) == 1 and not lines(r.stdout),
             f"exit {r.returncode}; stderr: {' | '.join(lines(r.stderr))}")


@contextlib.contextmanager
def read_only(folder: Path):
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield True
        finally:
            folder.chmod(0o755)
        return
    ok = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode == 0
    ok = ok and subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode == 0
    try:
        yield ok
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def read_only_out(c: Check) -> None:
    notes = c.notes("ro", 4)
    out = c.work / "ro-out"
    c.build(notes, "--out", out, "-q")
    before = tree(out)
    with read_only(out) as possible:
        if not possible:
            c.record("read-only output folder", None, "cannot make a read-only folder here")
            return
        r = c.build(notes, "--out", out)
    ok = r.returncode != 0 and "Traceback" not in r.stderr + r.stdout and tree(out) == before
    c.record("read-only output folder", ok, f"exit {r.returncode}; previous outputs intact: {tree(out) == before}; "
             f"stderr: {' | '.join(lines(r.stderr))}")


def kill_parallel_build(c: Check) -> None:
    if not Path("/proc/self/stat").exists():
        c.record("kill -9 of a -j 2 build", None, "needs /proc")
        return
    notes = c.notes("many", 300)
    proc = subprocess.Popen([sys.executable, "-m", "infosynth", "build", str(notes), "--out", str(c.work / "many-out"),
                             "-j", "2", "--no-cache", "-q"], env=c.env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(group(proc.pid)) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    running = len(group(proc.pid))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    left = group(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    c.record("kill -9 of a -j 2 build", running >= 5 and not left,
             f"{running} processes (build, resource tracker, fork server, workers) when killed; alive 5 s later: "
             f"{len(left)}")


CHECKS = [out_is_notes_folder, out_inside_notes, truncated_cache, alias_bomb, parent_symlink, hostile_template,
          out_is_file, read_only_out, kill_parallel_build]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="infosynth-faults-"))
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(work / "cache")}
    check = Check(work, env)
    try:
        for fn in CHECKS:
            try:
                fn(check)
            except Exception as exc:  # a check that crashes is a failure, and the others still run
                check.record(fn.__name__, False, f"{type(exc).__name__}: {exc}")
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, status, _ in check.results if status == "FAIL"]
    print(f"\n{len(check.results) - len(failed)}/{len(check.results)} checks passed"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
