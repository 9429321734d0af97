"""Score a build against hand-labelled gold rows: tagging F1 and theme agreement.

Gold CSV columns: ``note, text, categories, theme``. Each gold row is matched to the predicted snippets of the
same note (by file name) whose normalised text contains it or is contained in it; their categories are
unioned, and the theme comes from the longest match. Theme agreement is measured on the rows that carry a gold
theme, with a snippet outside any theme counted as its own singleton cluster: B-cubed precision/recall/F1 and the
adjusted Rand index. ``theme_row_precision`` says how many themed predictions fall on rows a human also themed,
``theme_row_recall`` how many of the rows a human themed got a theme at all.

Quote agreement (when the build's ``report.json`` sits beside its ``snippets.csv``) reads the theme cards as a reader
does: a card stands for the gold theme most of its members carry, and each quote is on that idea, on another idea,
or on a line the annotator left unthemed. The first two quotes of a card are the ones a reader sees first (the mentor
copy shows at most two).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .models import CATEGORIES

_MARKUP = re.compile(r"[*_`>#]+|\[\[|\]\]")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _MARKUP.sub("", text or "").translate(_QUOTES)).strip().lower()


def categories_of(value: str) -> set[str]:
    found = set()
    for part in re.split(r"[;,|]", value or ""):
        part = part.strip().lower().replace("_", "-").replace(" ", "-")
        part = {"role": "roles", "skill": "skills", "daytoday": "day-to-day"}.get(part, part)
        if part:
            found.add(part)
    return found


#: The columns a gold CSV must have (others are ignored).
GOLD_COLUMNS = ("note", "text", "categories", "theme")


class GoldFileError(ValueError):
    """A gold CSV that cannot be scored against; the message names the file and what is wrong with it."""


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_gold(path: Path) -> list[dict[str, str]]:
    """The rows of a gold CSV, keyed by lower-case column name, every value a string.

    A byte-order mark (as spreadsheet programs write it) and spaces or capitals in the header are accepted;
    anything that would make the scores meaningless raises :class:`GoldFileError`.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh, restval="")  # a short row's missing cells read as empty
            raw = list(reader)
            header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    except UnicodeDecodeError:
        raise GoldFileError(f"{path} is not UTF-8 text; save it as \"CSV UTF-8\" and try again") from None
    except csv.Error as exc:
        raise GoldFileError(f"{path} is not a readable CSV ({exc})") from None
    except OSError as exc:
        raise GoldFileError(f"cannot read {path} ({exc.strerror or exc})") from None
    missing = [column for column in GOLD_COLUMNS if column not in header]
    if missing:
        raise GoldFileError(
            f"{path} has no {', '.join(missing)} column{'s' * (len(missing) > 1)}; a gold CSV has the columns "
            f"{','.join(GOLD_COLUMNS)} (see `infosynth evaluate --help`)"
        )
    rows = []
    for row in raw:
        clean = {k.strip().lower(): v for k, v in row.items() if k is not None}  # surplus cells sit under None
        if clean["note"].strip() or clean["text"].strip():
            rows.append(clean)
    if not rows:
        raise GoldFileError(f"{path} has a header but no rows to score")
    return rows


def _by_note(rows: list[dict[str, str]]) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Rows keyed by their note's file name, each beside its normalised text."""
    by_note: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for row in rows:
        by_note[Path(row.get("note") or "").name].append((normalise(row.get("text", "")), row))
    return by_note


def _overlapping(by_note: dict[str, list[tuple[str, dict[str, str]]]], note: str,
                 text: str) -> list[tuple[str, dict[str, str]]]:
    """The rows of ``note`` whose text contains ``text`` or is contained in it (both normalised)."""
    text = normalise(text)
    return [(t, row) for t, row in by_note.get(Path(note or "").name, []) if t and (t in text or text in t)]


def match_rows(gold: list[dict[str, str]], predicted: list[dict[str, str]]) -> list[dict[str, Any]]:
    by_note = _by_note(predicted)
    matched = []
    for g in gold:
        hits = _overlapping(by_note, g["note"], g["text"])
        cats: set[str] = set()
        for _, p in hits:
            cats |= categories_of(p.get("categories", ""))
        theme = (max(hits, key=lambda h: len(h[0]))[1].get("theme") or "").strip() if hits else ""
        matched.append({"gold": g, "categories": cats, "theme": theme, "found": bool(hits)})
    return matched


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tagging_scores(matched: list[dict[str, Any]]) -> dict[str, Any]:
    per: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0]
    for cat in CATEGORIES:
        tp = fp = fn = 0
        for m in matched:
            gold, pred = cat in categories_of(m["gold"]["categories"]), cat in m["categories"]
            tp, fp, fn = tp + (gold and pred), fp + (pred and not gold), fn + (gold and not pred)
        p, r, f = _f1(tp, fp, fn)
        per[cat] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    return {
        "per_category": per,
        "macro_f1": round(sum(v["f1"] for v in per.values()) / len(per), 4),
        "micro_f1": round(_f1(*totals)[2], 4),
    }


def bcubed(gold_ids: list[str], pred_ids: list[str]) -> tuple[float, float, float]:
    gold_sets, pred_sets = defaultdict(set), defaultdict(set)
    for i, (gold, pred) in enumerate(zip(gold_ids, pred_ids)):
        gold_sets[gold].add(i)
        pred_sets[pred].add(i)
    if not gold_ids:
        return 0.0, 0.0, 0.0
    precision = sum(len(gold_sets[g] & pred_sets[p]) / len(pred_sets[p]) for g, p in zip(gold_ids, pred_ids))
    recall = sum(len(gold_sets[g] & pred_sets[p]) / len(gold_sets[g]) for g, p in zip(gold_ids, pred_ids))
    p, r = precision / len(gold_ids), recall / len(gold_ids)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def adjusted_rand(a: list[str], b: list[str]) -> float:
    """Adjusted Rand index from the contingency table (pairs counted with n choose 2)."""
    n = len(a)
    if n < 2:
        return 0.0
    pairs = lambda k: k * (k - 1) / 2  # noqa: E731
    index = sum(pairs(v) for v in Counter(zip(a, b)).values())
    sum_a = sum(pairs(v) for v in Counter(a).values())
    sum_b = sum(pairs(v) for v in Counter(b).values())
    expected = sum_a * sum_b / pairs(n)
    best = (sum_a + sum_b) / 2
    return 0.0 if best == expected else (index - expected) / (best - expected)


def theme_scores(matched: list[dict[str, Any]], themes: list[str] | None = None) -> dict[str, Any]:
    themes = themes if themes is not None else [m["theme"] for m in matched]
    gold_ids = [f"g:{m['gold'].get('theme')}" if (m["gold"].get("theme") or "").strip() else f"gs:{i}"
                for i, m in enumerate(matched)]
    pred_ids = [f"p:{t}" if t else f"ps:{i}" for i, t in enumerate(themes)]
    themed = [i for i, g in enumerate(gold_ids) if g.startswith("g:")]
    p, r, f = bcubed([gold_ids[i] for i in themed], [pred_ids[i] for i in themed])
    predicted_rows = {i for i, t in enumerate(pred_ids) if t.startswith("p:")}
    overlap = len(predicted_rows & set(themed))
    return {
        "bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4), "bcubed_f1": round(f, 4),
        "ari": round(adjusted_rand([gold_ids[i] for i in themed], [pred_ids[i] for i in themed]), 4),
        "theme_row_precision": round(overlap / len(predicted_rows), 4) if predicted_rows else 0.0,
        "theme_row_recall": round(overlap / len(themed), 4) if themed else 0.0,
        "gold_themes": len({g for g in gold_ids if g.startswith("g:")}),
        "predicted_themes": len({p for p in pred_ids if p.startswith("p:")}),
    }


# How many quotes of each card the mentor copy shows.
MENTOR_QUOTES = 2


def quote_scores(gold: list[dict[str, str]], predicted: list[dict[str, str]],
                 cards: list[dict[str, Any]]) -> dict[str, Any]:
    """Whether the quotes on theme ``cards`` (``report.json`` themes) say their card's idea, judged by ``gold``.

    A card stands for the gold theme most of its members carry (cards with no gold-themed member are not judged);
    a quote is ``on_idea`` when its gold theme is that one, ``other_idea`` when it is another, ``unthemed`` when the
    annotator gave the line no theme, and ``unlabelled`` when the gold file does not hold the line.
    """
    by_note = _by_note(gold)

    def gold_theme(note: str, text: str) -> str | None:
        """The theme a person gave the line ("" for none), or None when the gold file does not hold it."""
        hits = _overlapping(by_note, note, text)
        return (max(hits, key=lambda h: len(h[0]))[1].get("theme") or "").strip() if hits else None

    members: dict[str, list[str]] = defaultdict(list)
    for row in predicted:
        if (row.get("theme") or "").strip():
            members[row["theme"].strip()].append(gold_theme(row.get("note", ""), row.get("text", "")) or "")
    counts: dict[str, Counter[str]] = {"first_two": Counter(), "all": Counter()}
    judged = 0
    for card in cards:
        ideas = Counter(t for t in members.get(card["id"], []) if t)
        if not ideas:
            continue
        judged += 1
        idea = sorted(ideas.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for k, quote in enumerate(card.get("quotes", [])):
            theme = gold_theme(quote["note"], quote["text"])
            verdict = ("unlabelled" if theme is None else "on_idea" if theme == idea else
                       "other_idea" if theme else "unthemed")
            counts["all"][verdict] += 1
            if k < MENTOR_QUOTES:
                counts["first_two"][verdict] += 1
    return {"cards_judged": judged, **{name: {v: c[v] for v in ("on_idea", "other_idea", "unthemed", "unlabelled")}
                                       for name, c in counts.items()}}


def score_build(gold_csv: Path, snippets_csv: Path, synthesis=None) -> dict[str, Any]:
    """Scores of a build's ``snippets.csv``; with ``synthesis``, also two theme baselines on the same rows. Quote
    agreement is added when the build's ``report.json`` is beside ``snippets.csv``."""
    gold, predicted = read_gold(gold_csv), _read(snippets_csv)
    matched = match_rows(gold, predicted)
    result: dict[str, Any] = {
        "rows": len(matched),
        "coverage": round(sum(m["found"] for m in matched) / len(matched), 4) if matched else 0.0,
        "tagging": tagging_scores(matched),
        "themes": theme_scores(matched),
    }
    report = snippets_csv.parent / "report.json"
    if report.is_file():
        cards = json.loads(report.read_text(encoding="utf-8")).get("themes", [])
        result["quotes"] = quote_scores(gold, predicted, cards)
    if synthesis is not None:
        result["baselines"] = {
            "every snippet its own theme": theme_scores(matched, [""] * len(matched)),
            "TF-IDF + k-means at the gold theme count": theme_scores(matched, _kmeans_baseline(matched)),
        }
    return result


def _kmeans_baseline(matched: list[dict[str, Any]]) -> list[str]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = len({(m["gold"].get("theme") or "").strip() for m in matched} - {""})
    texts = [m["gold"]["text"] for m in matched]
    if k < 2 or len(texts) <= k:
        return [""] * len(matched)
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(vectors)
    notes_per_label: dict[int, set[str]] = defaultdict(set)
    for m, label in zip(matched, labels):
        notes_per_label[label].add(m["gold"]["note"])
    # Same rule as the real themes: a cluster counts only when it spans two or more notes.
    return [f"k{label}" if len(notes_per_label[label]) >= 2 else "" for label in labels]


def format_scores(result: dict[str, Any]) -> str:
    t, th = result["tagging"], result["themes"]
    lines = [f"rows {result['rows']}  coverage {result['coverage']:.3f}"]
    for cat, v in t["per_category"].items():
        lines.append(f"  {cat:<11} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  (n={v['support']})")
    lines.append(f"tagging  macro-F1 {t['macro_f1']:.3f}  micro-F1 {t['micro_f1']:.3f}")

    def theme_line(name: str, s: dict[str, Any]) -> str:
        return (f"{name:<44} B3-P {s['bcubed_precision']:.3f}  B3-R {s['bcubed_recall']:.3f}  "
                f"B3-F1 {s['bcubed_f1']:.3f}  ARI {s['ari']:.3f}  row-P {s['theme_row_precision']:.3f}  "
                f"row-R {s['theme_row_recall']:.3f}  themes {s['predicted_themes']} (gold {s['gold_themes']})")

    lines.append(theme_line("themes   infosynth", th))
    for name, scores in result.get("baselines", {}).items():
        lines.append(theme_line(f"  baseline: {name}", scores))
    if "quotes" in result:
        q = result["quotes"]
        for name, label in (("first_two", f"first {MENTOR_QUOTES} of each card"), ("all", "all quotes")):
            c = q[name]
            labelled = c["on_idea"] + c["other_idea"] + c["unthemed"]
            share = c["on_idea"] / labelled if labelled else 0.0
            lines.append(f"quotes   {label:<22} on the card's idea {c['on_idea']} of {labelled} ({share:.0%}), "
                         f"on another idea {c['other_idea']}, unthemed in gold {c['unthemed']}, "
                         f"not in gold {c['unlabelled']}  ({q['cards_judged']} cards judged)")
    return "\n".join(lines)
