"""What ``--share`` costs: ``infosynth build`` against ``infosynth build --share`` on the same folder, warm cache.

    python benchmarks/share_cost.py                   # 1,000 notes, 5 runs each
    python benchmarks/share_cost.py --sizes 400 1000 --runs 3 --withheld 0.05 --unique

Notes come from ``benchmarks/generate_notes.py``. ``--withheld F`` marks that share of the notes
``share: false`` (the shared copy then re-analyses the rest, as a user's folder with private notes would);
by default every note may be shared. ``--unique`` gives every bullet a text of its own (the generator reuses
phrasings across notes, and repeated text is scrubbed once). Each build is a fresh process run as a user would run it; the two
commands alternate, after one build that fills the cache. Prints the median wall time of each and their ratio.
Timings belong here, not in the test suite: machines are noisy, so compare within one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_notes import generate  # noqa: E402


def withhold(folder: Path, share: float) -> int:
    """Mark every ``1/share``-th note ``share: false`` (in its front matter, or in a new one)."""
    if share <= 0:
        return 0
    step = max(1, round(1 / share))
    marked = 0
    for k, path in enumerate(sorted(folder.rglob("*.md"))):
        if k % step:
            continue
        text = path.read_text(encoding="utf-8")
        text = text.replace("---\n", "---\nshare: false\n", 1) if text.startswith("---\n") else \
            f"---\nshare: false\n---\n{text}"
        path.write_text(text, encoding="utf-8")
        marked += 1
    return marked


def make_unique(folder: Path) -> None:
    """End every bullet with a reference of its own ("(ref qbc)"), so that no two snippets share a text: the
    generator reuses phrasings across notes, which real folders do much less."""
    count = 0
    for path in sorted(folder.rglob("*.md")):
        lines = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.lstrip().startswith("- "):
                count += 1
                code, n = "", count
                while n:
                    n, r = divmod(n, 26)
                    code += "abcdefghijklmnopqrstuvwxyz"[r]
                line += f" (ref q{code})"
            lines.append(line)
        path.write_text("\n".join(lines), encoding="utf-8")


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--withheld", type=float, default=0.0, help="share of notes marked share: false")
    parser.add_argument("--unique", action="store_true", help="make every bullet's text unique")
    args = parser.parse_args()
    root = HERE.parent
    print(f"{'notes':>6} {'withheld':>8} {'build':>8} {'--share':>8} {'ratio':>6}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            notes = Path(tmp) / "notes"
            generate(notes, size)
            if args.unique:
                make_unique(notes)
            marked = withhold(notes, args.withheld)
            env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(Path(tmp) / "cache"),
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")]))}
            base = [sys.executable, "-m", "infosynth", "build", str(notes), "--out", str(Path(tmp) / "out"), "-q"]
            timed(base, env)  # fills the cache
            plain, shared = [], []
            for _ in range(args.runs):
                plain.append(timed(base, env))
                shared.append(timed(base + ["--share"], env))
            p, s = statistics.median(plain), statistics.median(shared)
            print(f"{size:>6} {marked:>8} {p:>7.2f}s {s:>7.2f}s {s / p:>5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
