#!/usr/bin/env python3
"""Rebuild the category tagger from the hand-written seed corpus, reproducibly.

    python scripts/train_tagger.py            # seed/*.txt → seed.csv → model.json + model.npz, CV report
    python scripts/train_tagger.py --cv-only  # report cross-validation, write nothing
    python scripts/train_tagger.py --search   # first choose C, the word weight and the none head by CV (slow)

The model reads each snippet's vector from the shipped sentence encoder (``infosynth/data/encoder``), so
retrain whenever the encoder changes. Cross-validation leaves out one occupation group at a time, so the
settings and the decision rule are chosen on fields the model has not seen.

Seed chunks (``infosynth/data/tagging/seed/NN-group.txt``) hold one snippet per line as
``codes | text``: codes r = roles, s = skills, d = day-to-day, c = culture, ``-`` = none, joined by ``;``.
``@heading X`` sets the heading of the lines that follow (``@heading`` alone clears it); ``# group: NAME``
names the occupation group used for grouped cross-validation; other ``#`` and ``@`` lines are comments.
Running twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infosynth.analysis.encoder import encode  # noqa: E402
from infosynth.analysis.tagging import CategoryTagger  # noqa: E402
from infosynth.analysis.tagging.features import DATA_DIR  # noqa: E402
from infosynth.models import CATEGORIES  # noqa: E402
from infosynth.text import text_in_context  # noqa: E402
from training.tagger import choose_rule, cross_val_scores, fit, macro_f1, save, targets  # noqa: E402

SEED_DIR = DATA_DIR / "seed"
SEED_CSV = DATA_DIR / "seed.csv"
CODES = {"r": "roles", "s": "skills", "d": "day-to-day", "c": "culture"}


def read_chunk(path: Path) -> list[dict[str, str]]:
    """Rows of one seed chunk: text, categories (';'-joined, CATEGORIES order), heading, group."""
    group = path.stem
    heading = ""
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# group:"):
            group = line.split(":", 1)[1].strip()
            continue
        if line.startswith("#") or line.startswith("@occupation"):
            continue
        if line.startswith("@heading"):
            heading = line[len("@heading"):].strip()
            continue
        codes, sep, text = line.partition(" | ")
        if not sep or not text.strip():
            raise SystemExit(f"{path.name}:{number}: expected 'codes | text', got {raw!r}")
        cats = set()
        for code in codes.strip().split(";"):
            if code == "-":
                continue
            if code not in CODES:
                raise SystemExit(f"{path.name}:{number}: unknown code {code!r}")
            cats.add(CODES[code])
        rows.append({"text": text.strip(), "categories": ";".join(c for c in CATEGORIES if c in cats),
                     "heading": heading, "group": group})
    return rows


def build_seed_csv() -> list[dict[str, str]]:
    rows = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        rows.extend(read_chunk(path))
    seen = set()
    for row in rows:
        key = row["text"].lower()
        if key in seen:
            raise SystemExit(f"duplicate seed snippet: {row['text']!r}")
        seen.add(key)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["text", "categories", "heading", "group"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    SEED_CSV.write_text(out.getvalue(), encoding="utf-8")
    return rows


def per_category_report(pred: list[list[int]], targets: np.ndarray) -> str:
    """Precision, recall and F1 per category, and how well "no category" rows are recognised."""
    lines = []
    for j, cat in enumerate(CATEGORIES):
        p = np.array([j in row for row in pred])
        y = targets[:, j] == 1
        lines.append(f"  {cat:<11} {_prf(p, y)}  (n={int(y.sum())})")
    p = np.array([not row for row in pred])
    y = targets[:, :len(CATEGORIES)].sum(axis=1) == 0
    lines.append(f"  {'(none)':<11} {_prf(p, y)}  (n={int(y.sum())})")
    return "\n".join(lines)


def _prf(p: np.ndarray, y: np.ndarray) -> str:
    tp, fp, fn = int(np.sum(p & y)), int(np.sum(p & ~y)), int(np.sum(~p & y))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return f"P {prec:.3f}  R {rec:.3f}  F1 {f1:.3f}"


def micro_f1(pred: list[list[int]], targets: np.ndarray) -> float:
    p = np.array([[j in row for j in range(targets.shape[1])] for row in pred])
    y = targets == 1
    tp, fp, fn = np.sum(p & y), np.sum(p & ~y), np.sum(~p & y)
    return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0


class Corpus:
    """The seed rows with what the tagger reads from them, computed once."""

    def __init__(self, rows: list[dict[str, str]], tagger: CategoryTagger):
        self.rows = rows
        self.items = tagger.prepare([r["text"] for r in rows], [r["heading"] for r in rows])
        self.targets = targets([r["categories"].split(";") if r["categories"] else [] for r in rows])
        self.groups = [r["group"] for r in rows]
        # The same vectors, to the bit, whatever the thread count (see infosynth.analysis.encoder).
        self.vectors = encode([text_in_context(r["text"], r["heading"]) for r in rows]).astype(np.float64)


def cross_validate(tagger: CategoryTagger, corpus: Corpus, verbose: bool = True) -> tuple[float, np.ndarray]:
    """Leave-one-occupation-group-out: train on all other groups, predict the held-out one."""
    oof = cross_val_scores(tagger, corpus.vectors, corpus.items, corpus.targets, corpus.groups)
    cats = corpus.targets[:, :len(CATEGORIES)]
    rule = choose_rule(oof, cats, tagger.use_none)
    pred = rule.decide(oof)
    score = macro_f1(pred, cats)
    groups = corpus.groups
    print(f"C={tagger.C} cue_weight={tagger.cue_weight} word_weight={tagger.word_weight} none head={tagger.use_none}: "
          f"leave-one-group-out over "
          f"{len(set(groups))} groups, {len(groups)} snippets: macro-F1 {score:.3f}")
    if verbose:
        print(per_category_report(pred, cats))
        print(f"  decision rule {rule.as_dict()}")
        # Per group, micro-F1: several groups hold a single category on purpose, where macro-F1 means little.
        for group in sorted(set(groups)):
            idx = [i for i, g in enumerate(groups) if g == group]
            print(f"  held out {group[:60]:<60} micro-F1 {micro_f1([pred[i] for i in idx], cats[idx]):.3f}  "
                  f"(n={len(idx)})")
    return score, oof


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv-only", action="store_true", help="report cross-validation, write no model")
    ap.add_argument("--search", action="store_true", help="choose C, the word weight and the none head by CV first")
    args = ap.parse_args(argv)

    rows = build_seed_csv()
    print(f"seed corpus: {len(rows)} snippets from {len(list(SEED_DIR.glob('*.txt')))} chunks → {SEED_CSV.name}")
    corpus = Corpus(rows, CategoryTagger())
    params: dict = {}
    if args.search:
        best = -1.0
        for C in (0.5, 1.0, 2.0):
            for word_weight in (0.5, 1.0):
                for use_none in (False, True):
                    settings = {"C": C, "word_weight": word_weight, "use_none": use_none}
                    score, _ = cross_validate(CategoryTagger(**settings), corpus, verbose=False)
                    if score > best + 1e-9:
                        best, params = score, settings
        print(f"best {params} macro-F1 {best:.3f}")
    tagger = CategoryTagger(**params)
    _, oof = cross_validate(tagger, corpus)
    if args.cv_only:
        return 0
    fit(tagger, corpus.vectors, corpus.items, corpus.targets, corpus.groups, oof=oof)
    save(tagger, DATA_DIR)
    print(f"saved model: decision rule {tagger.rule_.as_dict()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
