"""Time reading notes into snippets (the parse stage: markdown, front matter, snippet kinds, people), per note.

Parsing is a small part of a build; this isolates it, so that a change to how notes are read can be timed against
the code before it. Each checkout parses the same notes in its own process, in alternating rounds, and the median
of the rounds is reported.

    python benchmarks/parse_speed.py                                    # this checkout, 120 generated notes
    python benchmarks/parse_speed.py --against ../old-checkout          # paired with another checkout
    python benchmarks/parse_speed.py --notes sample_notes --rounds 9

Nothing here is part of the test suite: machines are noisy, so compare the two medians of one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_notes import generate  # noqa: E402

# Run inside each checkout's own interpreter state: imports that checkout's infosynth, parses every note once to
# warm up, then times REPEAT passes and prints the seconds per note of each.
TIMER = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from infosynth.ingest.notes import parse_note
from infosynth.ingest.people import fill_from_body
from infosynth.nlp import get_nlp
nlp = get_nlp("blank")
texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(Path(sys.argv[2]).rglob("*.md"))]
for name, text in texts:
    parse_note(text, name, sentencizer=nlp)
times = []
for _ in range(int(sys.argv[3])):
    start = time.perf_counter()
    for name, text in texts:
        fill_from_body(parse_note(text, name, sentencizer=nlp))
    times.append((time.perf_counter() - start) / len(texts))
print(json.dumps(times))
"""


def time_checkout(checkout: Path, notes: Path, repeat: int) -> list[float]:
    """Seconds per note of ``repeat`` passes over ``notes`` with the code in ``checkout``."""
    result = subprocess.run([sys.executable, "-P", "-c", TIMER, str(checkout), str(notes), str(repeat)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=Path, help="a folder of notes (default: 120 generated ones)")
    parser.add_argument("--against", type=Path, help="another checkout to time in alternating rounds")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per checkout (each a fresh process)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the notes per round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        notes = args.notes or generate(Path(tmp) / "notes", 120)
        checkouts = {"this": HERE.parent}
        if args.against:
            checkouts["against"] = args.against.resolve()
        times: dict[str, list[float]] = {name: [] for name in checkouts}
        for _ in range(args.rounds):
            for name, checkout in checkouts.items():
                times[name].extend(time_checkout(checkout, notes, args.repeat))
    for name, values in times.items():
        ms = sorted(v * 1000 for v in values)
        print(f"{name:8s} {checkouts[name]}: median {statistics.median(ms):.2f} ms a note "
              f"(from {ms[0]:.2f} to {ms[-1]:.2f}, {len(ms)} passes)")
    if args.against:
        ratio = statistics.median(times["this"]) / statistics.median(times["against"])
        print(f"this / against: {ratio:.2f}")


if __name__ == "__main__":
    main()
