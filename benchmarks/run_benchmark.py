"""Time `infosynth build` as a user runs it (a fresh process each time) from 10 to 5,000 notes.

For each size it prints the median wall time of several runs, the peak RSS, snippets per second, and the same
for a floor measured in the same run: a fresh process that reads the files and tokenises them with spaCy's blank
English tokenizer alone. It also times a bare `import spacy, sklearn.cluster, pandas`, `infosynth --help`, a
rebuild with nothing changed (every note from the cache), a rebuild after editing one note (warm cache), the same
rebuild for a user with a profile (goals, target roles and current skills, which the plan reads against every
snippet), and, with --bertopic-python, the BERTopic-style path (MiniLM on torch, then clustering) on the same
snippets.

    python benchmarks/run_benchmark.py                      # 10, 100, 1000, 5000 notes
    python benchmarks/run_benchmark.py --sizes 10 100 --runs 5
    python benchmarks/run_benchmark.py --sizes 1000 --bertopic-python /path/to/venv-with-torch/bin/python
    python benchmarks/run_benchmark.py --sizes 1000 --runs 1 --paired 8   # the one-note rebuild's ratio, paired

Nothing here is part of the test suite: timings belong to benchmarks, and machines are noisy, so compare ratios
within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_notes import generate  # noqa: E402

# A user's profile, as in infosynth.toml: the plan weighs every snippet against its goals. Settings that change
# what a note's analysis gives (extra cues or skills) are left out, so the rebuild reuses the same cache.
PROFILE = """
[profile]
goals = [
    "Find out which of UX research, data analysis and instructional design my teaching transfers to best",
    "Test whether SQL is really required on day one for junior data analyst jobs, or only nice to have",
    "Decide between a bootcamp, a certificate or self-study, given about 6 hours a week",
    "Find a role without night shifts and with a sustainable workload",
]
target_roles = ["UX Researcher", "Data Analyst", "Instructional Designer"]
current_skills = ["lesson planning", "survey design", "Excel", "public speaking", "descriptive statistics"]
"""

FLOOR = """
import sys, pathlib, spacy
nlp = spacy.blank("en")
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    n += len(nlp.tokenizer(p.read_text(encoding="utf-8")))
print(n)
"""


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB; 0 when unreadable."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    stack += [int(child) for child in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total / 2**20


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one fresh process.

    The peak is the largest sum over the process and its worker processes, sampled every 20 ms on Linux (wait4's
    figure counts only the single largest process); elsewhere it is wait4's.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    # Outputs are small (a summary line), so reading them after exit cannot block the child.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return wall, max(rss_mb, peak[0]), out


def median_of(cmd: list[str], runs: int, env: dict[str, str] | None = None, before=None) -> dict[str, float]:
    walls, rss = [], []
    out = ""
    for _ in range(runs):
        if before:
            before()
        wall, peak, out = measure(cmd, env)
        walls.append(wall)
        rss.append(peak)
    return {"wall": statistics.median(walls), "rss_mb": max(rss), "out": out}


def snippet_count(out_dir: Path) -> int:
    import csv

    with open(out_dir / "snippets.csv", encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def paired_walls(bare_cmd: list[str], rebuild_cmd: list[str], rounds: int, env: dict[str, str],
                 cache_env: dict[str, str], before) -> list[tuple[float, float]]:
    """(bare import, rebuild) wall seconds, one right after the other, ``rounds`` times (``before`` edits a note
    ahead of each rebuild). On a machine whose speed drifts from one minute to the next, the ratio of two runs
    made back to back is steadier than that of two medians taken minutes apart."""
    pairs = []
    for _ in range(rounds):
        bare = measure(bare_cmd, env)[0]
        before()
        pairs.append((bare, measure(rebuild_cmd, cache_env)[0]))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size below 5,000 notes (median reported)")
    parser.add_argument("--work", type=Path, default=HERE / "out", help="where generated folders go")
    parser.add_argument("--bertopic-python", help="a Python with sentence-transformers + torch for the comparison")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--paired", type=int, default=0, metavar="N",
                        help="also time the bare import and the one-note rebuild N times, each pair back to back")
    args = parser.parse_args()

    infosynth = shutil.which("infosynth") or sys.exit("infosynth is not installed in this environment")
    py = sys.executable
    env = dict(os.environ)
    # As installed by pip: compiled modules are written once and reused (some sandboxes turn that off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict[str, object] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}

    bare = median_of([py, "-c", "import spacy, sklearn.cluster, pandas"], 5, env)
    helptime = median_of([infosynth, "--help"], 5, env)
    results["bare_import_s"] = bare["wall"]
    results["help_s"] = helptime["wall"]
    print(f"bare import spacy+sklearn.cluster+pandas: {bare['wall']:.2f}s   infosynth --help: {helptime['wall']:.2f}s")
    print(f"{'notes':>6} {'snippets':>9} {'build s':>8} {'x import':>8} {'peak MB':>8} {'snip/s':>8} "
          f"{'floor s':>8} {'floor MB':>8} {'build/floor':>11}")
    rows = []
    for n in args.sizes:
        folder = args.work / f"notes-{n}"
        if not folder.is_dir() or len(list(folder.glob("*.md"))) != n:
            shutil.rmtree(folder, ignore_errors=True)
            generate(folder, n)
        out = Path(tempfile.mkdtemp(prefix=f"infosynth-bench-{n}-"))
        runs = 1 if n >= 5000 else args.runs
        cold = median_of([infosynth, "build", str(folder), "--out", str(out), "--no-cache", "-q", "-v"], runs, env)
        floor = median_of([py, "-c", FLOOR, str(folder)], runs, env)
        snippets = snippet_count(out)
        stage_line = cold["out"].strip().splitlines()[-1].strip()
        row = {"notes": n, "snippets": snippets, "build_s": cold["wall"], "peak_mb": cold["rss_mb"],
               "snippets_per_s": snippets / cold["wall"], "floor_s": floor["wall"], "floor_mb": floor["rss_mb"],
               "stages": stage_line}
        rows.append(row)
        print(f"{n:>6} {snippets:>9} {cold['wall']:>8.2f} {cold['wall'] / bare['wall']:>8.2f} {cold['rss_mb']:>8.0f} "
              f"{snippets / cold['wall']:>8.0f} {floor['wall']:>8.2f} {floor['rss_mb']:>8.0f} "
              f"{cold['wall'] / floor['wall']:>11.2f}")
        print(f"       stages: {stage_line}")
        if n == 1000 or (n == max(args.sizes) and 1000 not in args.sizes):
            # Incremental: warm the cache, then edit one note and rebuild.
            cache_env = dict(env, INFOSYNTH_CACHE_DIR=str(out / ".cache"))
            measure([infosynth, "build", str(folder), "--out", str(out), "-q"], cache_env)
            # Nothing changed (say the build is run again to refresh the report): every note from the cache.
            unchanged = median_of([infosynth, "build", str(folder), "--out", str(out), "-q", "-v"], args.runs,
                                  cache_env)
            victim = sorted(folder.glob("*.md"))[n // 2]
            original = victim.read_text(encoding="utf-8")

            def edit(victim=victim, original=original):
                victim.write_text(original + f"\n- edited at {time.time()}\n", encoding="utf-8")

            profile = out / "profile.toml"
            profile.write_text(PROFILE, encoding="utf-8")
            try:
                warm = median_of([infosynth, "build", str(folder), "--out", str(out), "-q", "-v"], args.runs,
                                 cache_env, before=edit)
                with_profile = median_of([infosynth, "build", str(folder), "--out", str(out), "--config", str(profile),
                                          "-q", "-v"], args.runs, cache_env, before=edit)
                pairs = paired_walls([py, "-c", "import spacy, sklearn.cluster, pandas"],
                                     [infosynth, "build", str(folder), "--out", str(out), "-q"],
                                     args.paired, env, cache_env, edit)
            finally:
                victim.write_text(original, encoding="utf-8")
            if pairs:
                ratios = sorted(rebuild / bare for bare, rebuild in pairs)
                row["paired_one_edit_ratios"] = ratios
                print(f"       paired, {len(pairs)} times: one-note rebuild / bare import, median "
                      f"{statistics.median(ratios):.2f}x (from {ratios[0]:.2f} to {ratios[-1]:.2f}); bare "
                      f"{statistics.median(b for b, _ in pairs):.2f}s, rebuild {statistics.median(r for _, r in pairs):.2f}s")
            row["rebuild_unchanged_s"] = unchanged["wall"]
            row["rebuild_one_edit_s"] = warm["wall"]
            row["rebuild_one_edit_profile_s"] = with_profile["wall"]
            print(f"       rebuild with nothing changed: {unchanged['wall']:.2f}s "
                  f"({unchanged['wall'] / bare['wall']:.2f}x bare import)  stages: "
                  f"{unchanged['out'].strip().splitlines()[-1].strip()}")
            print(f"       rebuild after editing one note: {warm['wall']:.2f}s "
                  f"({warm['wall'] / bare['wall']:.2f}x bare import)  stages: {warm['out'].strip().splitlines()[-1].strip()}")
            print(f"       the same with a profile: {with_profile['wall']:.2f}s "
                  f"({with_profile['wall'] / bare['wall']:.2f}x)  stages: "
                  f"{with_profile['out'].strip().splitlines()[-1].strip()}")
            if args.bertopic_python:
                bt = median_of([args.bertopic_python, str(HERE / "bertopic_style.py"), str(out / "snippets.csv")], 1)
                row["bertopic_style_s"] = bt["wall"]
                print(f"       BERTopic-style path (MiniLM on torch + clustering): {bt['wall']:.2f}s "
                      f"vs infosynth cold {cold['wall']:.2f}s")
        shutil.rmtree(out, ignore_errors=True)
    results["rows"] = rows
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
