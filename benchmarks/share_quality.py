"""Redaction recall and over-redaction of ``--share`` on the adversarial corpus in ``tests/share_corpus/``.

    python benchmarks/share_quality.py            # the blank pipeline (rules only)
    python benchmarks/share_quality.py --model auto   # with a trained spaCy pipeline's NER, when installed

Builds the corpus as a user would (real files on disk, ``render(share=True)``) and reports:

* **recall**: the share of the corpus's sensitive strings (``sensitive.csv``: names, organisations, contact
  details, file names, words of withheld notes) found nowhere under ``OUT/shared/``, neither in a file nor in a
  file name; overall and per kind, with the strings that leaked;
* **over-redaction**: of the words of the shared snippets that are not part of a sensitive string (leaving out
  the snippets withheld whole: those of notes without quotes and lines said off the record), the share
  that the shared copy changed (words of the original snippet that a word-level diff cannot find in the shared
  one), with the changed words listed;
* the ordinary phrases of ``probes.txt`` ("Mark your calendar", "Will this scale?") that did not come through.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from share_corpus.corpus import Sensitive, leaks, materialise, probes, sensitive, shared_haystack  # noqa: E402

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CONTACT = re.compile(r"\S+@\S+|\+?\d[\d ().-]{7,}\d|@\w+|\b[\w.-]+\.(?:com|org|net|io|dev|uk)\b\S*")


def sensitive_spans(text: str, entries: list[Sensitive]) -> list[tuple[int, int]]:
    """Character spans of ``text`` covered by a sensitive string; for a phrase such as "Ask Will" only the
    capitalised first name counts."""
    from infosynth.sharing.words import first_names

    spans = [m.span() for m in _CONTACT.finditer(text)]
    for e in entries:
        for m in e.pattern().finditer(text):
            if e.kind == "word-name":
                for w in _WORD.finditer(m.group(0)):
                    if w.group(0)[:1].isupper() and re.sub(r"['’]s$", "", w.group(0)).lower() in first_names():
                        spans.append((m.start() + w.start(), m.start() + w.end()))
            else:
                spans.append(m.span())
    return spans


def over_redaction(pairs: list[tuple[str, str]], entries: list[Sensitive]) -> tuple[int, int, Counter[str]]:
    """(changed words, non-sensitive words, the changed words) over (original, shared) snippet texts."""
    changed, total, which = 0, 0, Counter()
    for original, shared in pairs:
        spans = sensitive_spans(original, entries)
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(original)]
        plain = [not any(s < end and start < e for s, e in spans) for _, start, end in words]
        after = _WORD.findall(shared)
        matcher = difflib.SequenceMatcher(a=[w for w, _, _ in words], b=after, autojunk=False)
        kept = set()
        for block in matcher.get_matching_blocks():
            kept.update(range(block.a, block.a + block.size))
        for k, ((word, _, _), is_plain) in enumerate(zip(words, plain)):
            if not is_plain:
                continue
            total += 1
            if k not in kept:
                changed += 1
                which[word] += 1
    return changed, total, which


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="blank", help="spacy_model to use: blank (default), auto, or a name")
    args = parser.parse_args()
    os.environ["INFOSYNTH_SPACY_MODEL"] = args.model
    import infosynth
    from infosynth.sharing import consented_analysis, share_copy
    from infosynth.sharing.consent import said_off_the_record

    entries = sensitive()
    with tempfile.TemporaryDirectory() as tmp:
        notes = materialise(Path(tmp))
        syn = infosynth.build(notes, cache=False)
        out = Path(tmp) / "out"
        syn.render(out, share=True)
        leaked = leaks(out / "shared", entries)
        haystack = shared_haystack(out / "shared")
        shared, _ = share_copy(syn)
        originals = consented_analysis(syn).snippet_records
        quiet = {n.path for n in syn.note_records if not n.quotes}
        # Withheld on purpose, whole: the snippets of notes without quotes and the lines said off the record.
        pairs = [(o.text, s.text) for o, s in zip(originals, shared.snippet_records)
                 if o.note not in quiet and not said_off_the_record(o.text, o.heading or "")]

    by_kind = Counter(e.kind for e in entries)
    leaked_by_kind = Counter(e.kind for e in leaked)
    recall = 1 - len(leaked) / len(entries)
    print(f"pipeline: {args.model}; {len(syn.note_records)} notes read, {len(syn.warnings)} warnings")
    print(f"recall: {recall:.1%} ({len(entries) - len(leaked)} of {len(entries)} sensitive strings absent "
          "from shared/)")
    for kind in sorted(by_kind):
        n, bad = by_kind[kind], leaked_by_kind[kind]
        print(f"  {kind:<12} {1 - bad / n:6.1%}  ({n - bad}/{n})")
    for e in leaked:
        print(f"  LEAK [{e.kind}] {e.text!r} ({e.note})")
    changed, total, which = over_redaction(pairs, entries)
    print(f"over-redaction: {changed / max(total, 1):.2%} ({changed} of {total} non-sensitive words of "
          f"{len(pairs)} shared snippets changed)")
    for word, count in which.most_common(20):
        print(f"  changed {word!r} ({count}x)")
    missing = [p for p in probes() if p not in haystack]
    print(f"ordinary phrases kept: {len(probes()) - len(missing)} of {len(probes())}")
    for p in missing:
        print(f"  CHANGED {p!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
