"""Precision and recall of career paths and skill mentions against the hand labels in ``benchmarks/labels``.

    python benchmarks/score_extraction.py                         # both sets, found at ../shared/eval
    python benchmarks/score_extraction.py --eval-dir /path/to/eval --show-errors
    python benchmarks/score_extraction.py --json

Each set is built as a user would (``infosynth.build(folder)``); its ``career_paths`` and skill ``mentions``
are compared with the labels (see ``benchmarks/labels/README.md``):

* **career paths** — a found path is right when a labelled transition of the same note quotes the same line
  and both its origin and destination are among the labelled names, or when it spans a chain of labelled
  transitions of that note (origin of the first, destination of the last, the line of one of them: "IT →
  director" for "IT → support → analyst → director"). Precision counts every found path except those matching
  only an ``optional`` label; recall counts the ``required`` labels found.
* **skills** — a found mention is right when a labelled mention on the same note and line has its canonical
  name among the labelled names (any stance). ``skills precision`` is over every mention the build reports
  (everything that reaches ``skills.csv``). ``valued recall`` is over the ``core`` labels framed as
  required, valued or a gap, found with any stance; ``valued precision`` is over the mentions the build marks
  as valued (required, valued or gap); ``stance agreement`` is the share of right mentions whose stance is
  one of the labelled ones.

Names are compared lower-cased, with hyphens and slashes read as spaces, a trailing "s" and the words
"skill(s)" dropped, and a parenthesised remark ignored ("Product Manager (infrastructure team)").
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LABELS = Path(__file__).resolve().parent / "labels"
SETS = ("dev", "dev-b")
VALUED = {"required", "valued", "gap"}


def norm(name: str) -> str:
    """A name as compared: "Problem-Solving skills" → "problem solving".

    >>> norm("Product Manager (infrastructure team)"), norm("A/B testing"), norm("Communication skills")
    ('product manager', 'a b testing', 'communication')
    """
    text = re.sub(r"\(.*?\)", " ", str(name).lower())
    text = re.sub(r"[-/_]", " ", text)
    words = [w for w in re.findall(r"[a-z0-9+#']+", text) if w not in ("skill", "skills")]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def alternatives(cell: str) -> set[str]:
    return {norm(a) for a in cell.split("|") if a.strip()}


def read_labels(name: str) -> list[dict[str, str]]:
    with (LABELS / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ratio(right: int, total: int) -> float | None:
    return round(right / total, 3) if total else None


def _chains(rows: list[dict], note: str) -> list[list[int]]:
    """Sequences of labelled transitions of one note where each step starts where the previous one ended."""
    mine = [i for i, r in enumerate(rows) if r["note"] == note]
    out: list[list[int]] = []

    def grow(chain: list[int]) -> None:
        out.append(chain)
        for j in mine:
            if j not in chain and rows[chain[-1]]["_to"] & rows[j]["_from"]:
                grow(chain + [j])

    for i in mine:
        grow([i])
    return out


def score_paths(found: list, labels: list[dict[str, str]]) -> dict:
    rows = [dict(r, _from=alternatives(r["from"]), _to=alternatives(r["to"]),
                 _lines={int(x) for x in r["lines"].split("|")}) for r in labels]
    hits: set[int] = set()
    right, counted, wrong, ignored = 0, 0, [], 0
    for p in found:
        note = Path(p.note).name
        match = [i for i, r in enumerate(rows) if r["note"] == note and p.line in r["_lines"]
                 and norm(p.from_role) in r["_from"] and norm(p.to_role) in r["_to"]]
        required = [i for i in match if rows[i]["status"] == "required"]
        if match and not required:
            ignored += 1
            continue
        # A move across several labelled steps ("IT → … → director") is true too, but finds no single label.
        spanned = [c for c in _chains(rows, note) if len(c) > 1 and norm(p.from_role) in rows[c[0]]["_from"]
                   and norm(p.to_role) in rows[c[-1]]["_to"] and any(p.line in rows[k]["_lines"] for k in c)]
        counted += 1
        if required:
            right += 1
            hits.update(required)
        elif spanned:
            right += 1
        else:
            wrong.append(f"{p.note}:{p.line} {p.from_role} → {p.to_role} [{getattr(p, 'family', '')}] | {p.text}")
    needed = [i for i, r in enumerate(rows) if r["status"] == "required"]
    missed = [f"{rows[i]['note']}:{rows[i]['lines']} {rows[i]['from'].split('|')[0]} → {rows[i]['to'].split('|')[0]}"
              for i in needed if i not in hits]
    return {"found": len(found), "counted": counted, "right": right, "optional_found": ignored,
            "labelled": len(needed), "recalled": len(set(needed) & hits),
            "precision": ratio(right, counted), "recall": ratio(len(set(needed) & hits), len(needed)),
            "wrong": wrong, "missed": missed}


def score_skills(mentions: list, labels: list[dict[str, str]]) -> dict:
    by_line: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in labels:
        by_line[(r["note"], int(r["line"]))].append(dict(r, _names=alternatives(r["skill"]),
                                                        _stances=set(r["stance"].split("|"))))
    right, stance_ok, valued_found, valued_right, wrong = 0, 0, 0, 0, []
    hit_rows: set[int] = set()
    for m in mentions:
        candidates = [r for r in by_line.get((Path(m.note).name, m.line), []) if norm(m.skill) in r["_names"]]
        is_valued = m.stance in VALUED
        valued_found += is_valued
        if candidates:
            right += 1
            valued_right += is_valued
            stance_ok += any(m.stance in r["_stances"] for r in candidates)
            hit_rows.update(id(r) for r in candidates)
        else:
            wrong.append(f"{m.note}:{m.line} {m.skill} [{m.stance}] '{m.matched}' | {m.text}")
    core = [r for rows in by_line.values() for r in rows if r["core"] == "yes" and r["_stances"] & VALUED]
    recalled = [r for r in core if id(r) in hit_rows]
    missed = [f"{r['note']}:{r['line']} {r['skill'].split('|')[0]} [{r['stance']}]" for r in core if id(r) not in hit_rows]
    return {"found": len(mentions), "right": right, "precision": ratio(right, len(mentions)),
            "valued_found": valued_found, "valued_precision": ratio(valued_right, valued_found),
            "valued_labelled": len(core), "valued_recalled": len(recalled), "valued_recall": ratio(len(recalled), len(core)),
            "stance_agreement": ratio(stance_ok, right), "wrong": wrong, "missed": missed}


def score_goal_stance() -> dict:
    """Agreement of :func:`infosynth.plan.build.goal_stance` with ``labels/goal_stance.csv`` (sentences written for it)."""
    from infosynth.plan.goals import goal_stance

    rows = read_labels("goal_stance.csv")
    out = {}
    for batch in sorted({r["batch"] for r in rows}) + ["all"]:
        chosen = [r for r in rows if batch == "all" or r["batch"] == batch]
        read = [(goal_stance(r["goal"], r["text"]) or "none", r["stance"]) for r in chosen]
        right = sum(p == s for p, s in read)
        given = [(p, s) for p, s in read if p != "none"]
        given_right = sum(p == s for p, s in given)
        out[batch] = {"right": right, "total": len(chosen), "accuracy": ratio(right, len(chosen)),
                      "stance_given": len(given), "given_right": given_right,
                      "precision": ratio(given_right, len(given))}
    return out


def evaluate(eval_dir: Path) -> dict[str, dict]:
    import infosynth

    paths_labels, skill_labels = read_labels("career_paths.csv"), read_labels("skills.csv")
    results = {}
    for name in SETS:
        folder = eval_dir / name / "notes"
        if not folder.is_dir():
            continue
        syn = infosynth.build(folder, config=infosynth.Config())
        results[name] = {
            "paths": score_paths(list(syn.career_paths), [r for r in paths_labels if r["set"] == name]),
            "skills": score_skills(list(syn.mentions), [r for r in skill_labels if r["set"] == name]),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_dir = Path(os.environ.get("INFOSYNTH_EVAL_DIR") or ROOT.parent / "shared" / "eval")
    parser.add_argument("--eval-dir", type=Path, default=default_dir,
                        help="folder holding dev/ and dev-b/ (default: $INFOSYNTH_EVAL_DIR, else ../shared/eval "
                             "beside the checkout)")
    parser.add_argument("--show-errors", action="store_true", help="list wrong and missed items")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    results = evaluate(args.eval_dir)
    if not results:
        print(f"no evaluation sets under {args.eval_dir}", file=sys.stderr)
        return 2
    goals = score_goal_stance()
    if args.json:
        print(json.dumps({**{k: {t: {m: v for m, v in s.items() if m not in ("wrong", "missed")} for t, s in r.items()}
                             for k, r in results.items()}, "goal_stance": goals}, indent=2))
        return 0
    print("set    | paths found | paths P | paths R | skills found | skills P | valued P | valued R | stance ok")
    for name, r in results.items():
        p, s = r["paths"], r["skills"]
        print(f"{name:6} | {p['found']:11} | {p['precision']!s:7} | {p['recall']!s:7} ({p['recalled']}/{p['labelled']}) "
              f"| {s['found']:12} | {s['precision']!s:8} | {s['valued_precision']!s:8} | {s['valued_recall']!s:8} "
              f"({s['valued_recalled']}/{s['valued_labelled']}) | {s['stance_agreement']}")
    print("goal-evidence stance: " + ", ".join(f"batch {b}: {g['right']}/{g['total']} ({g['accuracy']})"
                                               for b, g in goals.items()))
    if args.show_errors:
        for name, r in results.items():
            for table in ("paths", "skills"):
                for kind in ("wrong", "missed"):
                    for line in r[table][kind]:
                        print(f"{name} {table} {kind}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
