"""Measure recurring-theme clustering on a labelled notes set, next to two plain baselines.

    python benchmarks/eval_themes.py DEV_DIR [--scorer PATH] [--out DIR] [--no-embeddings]

DEV_DIR holds ``gold.csv`` (note,text,categories,theme) and ``notes/``. The set is read in place: snippets
are the gold rows, notes carry the dates of their front matter. Each method's predictions are written as a
CSV (note,text,categories,theme) to ``--out`` (a temporary folder by default) and scored with the scorer
(``DEV_DIR/../score.py`` by default). Rows:

* ``singletons``      every snippet its own theme;
* ``tfidf-kmeans``    TF-IDF + k-means with k = the gold number of themes;
* ``themefinder``     :class:`infosynth.analysis.themes.finder.ThemeFinder` with its defaults;
* ablations: without codebook names, without the coherence and member bars, and without encoder vectors;
* ``nearest codebook idea``  each snippet under the codebook idea whose prototype is nearest its encoder vector
  (a theme when the idea spans two notes): what classifying into the codebook gives even when every line is
  themed, i.e. how far the codebook and the encoder agree with the set's own ideas.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infosynth.models import Note, Snippet  # noqa: E402


def load_dev(dev_dir: Path) -> tuple[list[dict], list[Snippet], list[Note]]:
    """Gold rows, one Snippet per row (line = row number within its note), Notes with front-matter dates."""
    import yaml

    with open(dev_dir / "gold.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    snippets, by_note = [], defaultdict(list)
    for row in rows:
        snippet = Snippet(note=row["note"], line=len(by_note[row["note"]]) + 1, text=row["text"])
        by_note[row["note"]].append(snippet)
        snippets.append(snippet)
    notes = []
    for path, note_snippets in by_note.items():
        meta = {}
        text = (dev_dir / "notes" / path).read_text(encoding="utf-8")
        if text.startswith("---"):
            meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        date = meta.get("date")
        notes.append(Note(path=path, person=str(meta.get("person", "")), date=date if hasattr(date, "year") else None,
                          snippets=note_snippets))
    return rows, snippets, notes


def write_predictions(path: Path, snippets: list[Snippet], themes: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["note", "text", "categories", "theme"])
        for snippet, theme in zip(snippets, themes):
            writer.writerow([snippet.note, snippet.text, ";".join(snippet.categories), theme])


def score(scorer: Path, gold: Path, predicted: Path) -> dict:
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(predicted), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["themes"]


def tfidf_kmeans(snippets: list[Snippet], k: int, seed: int = 0) -> list[str]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([s.text for s in snippets])
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
    notes_per = defaultdict(set)
    for s, label in zip(snippets, labels):
        notes_per[label].add(s.note)
    return [f"k{label}" if len(notes_per[label]) >= 2 else "" for label in labels]


def nearest_codebook_idea(snippets: list[Snippet]) -> list[str]:
    import numpy as np

    from infosynth.analysis.encoder import encode
    from infosynth.analysis.themes.codebook import codebook_index
    from infosynth.text import text_for_themes

    index = codebook_index()
    vectors = encode([text_for_themes(s.text, s.heading or "") for s in snippets])
    vectors = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
    slugs = [index.codebook[i].slug for i in (vectors @ index.prototypes.T).argmax(axis=1)]
    notes_per = defaultdict(set)
    for s, slug in zip(snippets, slugs):
        notes_per[slug].add(s.note)
    return [slug if len(notes_per[slug]) >= 2 else "" for slug in slugs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dev_dir", type=Path)
    ap.add_argument("--scorer", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None, help="folder for the predicted CSVs")
    ap.add_argument("--no-embeddings", action="store_true", help="skip the rows that use sentence embeddings")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the N largest themes")
    args = ap.parse_args(argv)

    from infosynth.analysis.themes.finder import ThemeFinder

    dev = args.dev_dir
    scorer = args.scorer or dev.parent / "score.py"
    out = args.out or Path(tempfile.mkdtemp(prefix="eval-themes-"))
    out.mkdir(parents=True, exist_ok=True)
    rows, snippets, notes = load_dev(dev)
    gold_k = len({r["theme"] for r in rows if r["theme"]})

    methods: list[tuple[str, list[str]]] = [
        ("singletons", [""] * len(snippets)),
        (f"tfidf-kmeans (k={gold_k})", tfidf_kmeans(snippets, gold_k)),
    ]
    variants = [("themefinder", {}, None), ("no codebook names", {"codebook": False}, None),
                ("no coherence bar", {"min_coherence": -1.0, "min_member_similarity": -1.0}, None)]
    if args.no_embeddings:
        variants = [(name, params, False) for name, params, _ in variants]
    else:
        variants.append(("themefinder, no embeddings", {}, False))
    if not args.no_embeddings:
        methods.append(("nearest codebook idea", nearest_codebook_idea(snippets)))
    shown = None
    for name, params, embeddings in variants:
        finder = ThemeFinder(**params).fit(snippets, notes, embeddings)
        methods.append((name, finder.assignments_))
        shown = shown or finder

    print(f"{'method':<28} {'B3-F1':>6} {'ARI':>6} {'B3-P':>6} {'B3-R':>6} {'rowP':>6} {'rowR':>6} {'themes':>6}")
    for name, themes in methods:
        path = out / (name.split(" (")[0].replace(" ", "-").replace(",", "") + ".csv")
        write_predictions(path, snippets, themes)
        s = score(scorer, dev / "gold.csv", path)
        print(f"{name:<28} {s['bcubed_f1']:6.3f} {s['ari_on_gold_themed']:6.3f} {s['bcubed_precision']:6.3f}"
              f" {s['bcubed_recall']:6.3f} {s['theme_row_precision']:6.3f} {s['theme_row_recall']:6.3f}"
              f" {s['predicted_themes']:6d}")
    print(f"(gold themes: {gold_k}; predictions in {out})")
    for theme in (shown.themes_[: args.show] if shown else []):
        print(f"\n[{theme.id}] {theme.label!r}  kind={theme.kind} notes={theme.n_interviews} size={theme.size}"
              f" trend={theme.trend or '-'}")
        for note, line, text in theme.quotes:
            print(f"   - {note}:{line}  {text[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
