"""Score theme-finder settings on every labelled set at once: each set is built once, then only its themes are
found again for each setting.

    python benchmarks/sweep_themes.py                                      # the shipped settings
    python benchmarks/sweep_themes.py --set distance=0.65,0.7 --set min_member_similarity=0.25,0.15
    python benchmarks/sweep_themes.py --set IDEA_MARGIN=0.05,0.1           # a constant of finder.py

Sets: the two development sets ``dev`` and ``dev-b`` (in ``$INFOSYNTH_EVAL_DIR``, else ``../shared/eval``; read in
place, left out when absent), the project's own annotated notes (``tests/data/theme-notes``), the terse notes
(``tests/data/qa-notes``) and eleven sets labelled by people who had not seen the code: conservation careers
(``cons``), public-service careers (``pub``), care and trades careers (``care``), first jobs (``first``), health
careers (``health``), office jobs (``office``), second careers (``second``), ways out of bedside nursing
(``nursing``), teachers leaving teaching (``teachers``), veterans leaving the military (``veterans``) and creative
careers (``creative``), in ``tests/data``. A set is built with ``infosynth.build(..., cache=False)``: its snippets keep the build's
tags, and :class:`~infosynth.analysis.themes.finder.ThemeFinder` runs on the build's sentence vectors for every
combination of the values given. Lower-case names are ``ThemeFinder`` parameters; upper-case names are constants
of ``infosynth.analysis.themes.finder``, set for the run and restored after. Scores come from the shared
``score.py`` (B-cubed precision / recall / F1 and the adjusted Rand index over the rows a person themed).

A setting is worth keeping only when it helps every set: dev-b and the held-out notes come from fields no setting
was chosen on, and a change that helps one set and hurts another does not generalise.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from eval_themes import score, write_predictions  # noqa: E402

# The labelled sets kept in tests/data, by the short name the sweep prints: each folder holds notes/ and gold.csv.
REPOSITORY_SETS = {"cons": "conservation", "pub": "public-service", "care": "care-trades", "first": "first-jobs",
                   "health": "health-careers", "office": "office-jobs", "second": "second-careers",
                   "nursing": "nursing-exits", "teachers": "teachers-leaving", "veterans": "veterans",
                   "creative": "creative-careers", "law": "law-courts", "hosp": "hospitality", "labs": "lab-science",
                   "media": "media-people", "fin": "finance", "social": "social-work"}


def labelled_sets(eval_dir: Path) -> list[tuple[str, Path, Path]]:
    """(name, notes folder, gold.csv) of every set found."""
    data = ROOT / "tests" / "data"
    candidates = [
        ("dev", eval_dir / "dev" / "notes", eval_dir / "dev" / "gold.csv"),
        ("dev-b", eval_dir / "dev-b" / "notes", eval_dir / "dev-b" / "gold.csv"),
        ("own", data / "theme-notes", data / "theme-notes" / "gold.csv"),
        ("qa", data / "qa-notes" / "notes", data / "qa-notes" / "gold.csv"),
        *((name, data / f"{folder}-notes" / "notes", data / f"{folder}-notes" / "gold.csv")
          for name, folder in REPOSITORY_SETS.items()),
    ]
    return [(name, notes, gold) for name, notes, gold in candidates if notes.is_dir() and gold.is_file()]


def parse_setting(text: str) -> tuple[str, list[float]]:
    """``"distance=0.65,0.7"`` → ``("distance", [0.65, 0.7])``."""
    name, _, values = text.partition("=")
    if not name or not values:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE[,VALUE...], got {text!r}")
    try:
        return name.strip(), [float(v) for v in values.split(",")]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: values must be numbers") from exc


def find_themes_with(setting: dict[str, float], snippets, notes, vectors) -> list[str]:
    """Each snippet's theme id ("" for none) under ``setting``."""
    from infosynth.analysis.themes import finder

    constants = {k: v for k, v in setting.items() if k.isupper()}
    parameters = inspect.signature(finder.ThemeFinder).parameters
    for name in constants:
        if not hasattr(finder, name):
            raise SystemExit(f"infosynth.analysis.themes.finder has no constant {name}")
        if name.lower() in parameters:  # only the parameter's default, read once when the class was defined
            raise SystemExit(f"{name} is the default of a ThemeFinder parameter: set {name.lower()} instead")
    saved = {name: getattr(finder, name) for name in constants}
    try:
        for name, value in constants.items():
            setattr(finder, name, value)
        params = {k: v for k, v in setting.items() if not k.isupper()}
        return list(finder.ThemeFinder(**params).fit(snippets, notes, vectors).assignments_)
    finally:
        for name, value in saved.items():
            setattr(finder, name, value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="settings", type=parse_setting, action="append", default=[], metavar="NAME=V1,V2",
                    help="a ThemeFinder parameter or a finder.py constant, and the values to try (repeatable)")
    ap.add_argument("--eval-dir", type=Path,
                    default=Path(os.environ.get("INFOSYNTH_EVAL_DIR") or ROOT.parent / "shared" / "eval"),
                    help="folder holding dev/, dev-b/ and score.py (default: $INFOSYNTH_EVAL_DIR, else ../shared/eval)")
    ap.add_argument("--scorer", type=Path, default=None, help="score.py (default: the one in --eval-dir)")
    args = ap.parse_args(argv)

    import infosynth

    scorer = args.scorer or args.eval_dir / "score.py"
    if not scorer.is_file():
        raise SystemExit(f"no scorer at {scorer}: pass --scorer or --eval-dir")
    sets = labelled_sets(args.eval_dir)
    built = []
    for name, notes_dir, gold in sets:
        syn = infosynth.build(notes_dir, cache=False)
        built.append((name, gold, syn.snippet_records, syn.note_records, syn.embeddings))
    names = [name for name, _ in args.settings]
    combos = list(itertools.product(*(values for _, values in args.settings))) or [()]
    out = Path(tempfile.mkdtemp(prefix="sweep-themes-"))
    print("  ".join(names or ["setting"]) + "  |  " + "  |  ".join(f"{n} B3-P/R/F1 ARI" for n, *_ in built))
    for combo in combos:
        setting = dict(zip(names, combo))
        cells = []
        for name, gold, snippets, notes, vectors in built:
            path = out / f"{name}.csv"
            write_predictions(path, snippets, find_themes_with(setting, snippets, notes, vectors))
            s = score(scorer, gold, path)
            cells.append(f"{s['bcubed_precision']:.3f}/{s['bcubed_recall']:.3f}/{s['bcubed_f1']:.3f} "
                         f"{s['ari_on_gold_themed']:.3f}")
        label = "  ".join(f"{value:g}" for value in combo) or "shipped"
        print(f"{label}  |  " + "  |  ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
