"""Check an anonymised shared set for names that leaked.

    python benchmarks/check_share_leaks.py NOTES_DIR OUT_DIR

OUT_DIR is the folder given to ``infosynth build NOTES_DIR --out OUT_DIR --share``. Two checks over every file
under ``OUT_DIR/shared/``:

1. **Front matter** (must be zero): each note's ``person`` and ``organization``/``company`` value as written,
   its part outside brackets when that is a name or a user name, and each of its name words (capitalised words
   that are not ordinary English), searched case-insensitively as whole words.
2. **Other names in the text** (a measure, not a gate): capitalised word pairs and single capitalised words
   from the note bodies that look like names (not sentence-initial, not ordinary English, not a skill/tool or
   role word) and still occur in the shared files. Printed with counts and examples to inspect by eye.

Exit status 1 when check 1 finds anything.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infosynth.ingest.discover import discover
from infosynth.ingest.notes import parse_note, read_text
from infosynth.sharing.words import first_names, is_english, is_stop, main_part  # noqa: E402


def shared_text(out_dir: Path) -> str:
    files = [p for p in (out_dir / "shared").rglob("*") if p.is_file()]
    if not files:
        sys.exit(f"no files under {out_dir / 'shared'}: build with --share first")
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


def occurs(term: str, text: str) -> bool:
    return re.search(r"(?<![^\W_])" + re.escape(term) + r"(?![^\W_])", text, re.IGNORECASE) is not None


def front_matter_terms(notes: list) -> list[tuple[str, str, str]]:
    """(note, field, term): whole values, their bracket-free part and their name words."""
    terms = []
    for note in notes:
        values = [("person", note.person), ("organization", note.organization)]
        values += [(k, note.meta[k]) for k in ("company", "organisation", "org") if isinstance(note.meta.get(k), str)]
        for field, value in values:
            if not value:
                continue
            main = main_part(value)
            name_words = {w for w in re.findall(r"[^\W\d_]{3,}", main)
                          if w[0].isupper() and not is_english(w) and not is_stop(w)}
            # The whole value always; the bracket-free part only when it is a name, not a description such
            # as "UX designer (unnamed)" whose words are ordinary role words.
            forms = {value} | name_words
            if name_words or not re.search(r"\s", main):
                forms.add(main)
            terms += [(note.path, field, f) for f in sorted(forms) if f]
    return terms


_CAP = r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?"
_PAIR = re.compile(rf"(?<![.!?:;\-*>\"“(]\s)(?<!^)\b({_CAP})\s+({_CAP})\b", re.MULTILINE)
_SINGLE = re.compile(rf"(?<=[a-z,]\s)({_CAP})\b")


def text_names(body: str) -> Counter[str]:
    """Capitalised names in running text that are not sentence-initial, not English, not skills or roles."""
    names: Counter[str] = Counter()
    firsts = first_names()
    for a, b in _PAIR.findall(body):
        if not (is_stop(a) or is_stop(b)) and (a.lower() in firsts or not is_english(a)) and not is_english(b):
            names[f"{a} {b}"] += 1
    for word in _SINGLE.findall(body):
        if len(word) >= 3 and not is_english(word) and not is_stop(word):
            names[word] += 1
    return names


def main(notes_dir: Path, out_dir: Path) -> int:
    notes = []
    for path in discover(notes_dir):
        text = read_text(path).text
        if text is not None:
            notes.append((parse_note(text, path.relative_to(notes_dir).as_posix()), text))
    shared = shared_text(out_dir)

    leaks = [(n, f, t) for n, f, t in front_matter_terms([n for n, _ in notes]) if occurs(t, shared)]
    total = len(front_matter_terms([n for n, _ in notes]))
    print(f"front matter: {len(leaks)} of {total} person/organization terms found under shared/")
    for note, field, term in leaks:
        print(f"  LEAK {note} {field}: {term!r}")

    fm_words = {t.lower() for _, _, t in front_matter_terms([n for n, _ in notes])}
    candidates: Counter[str] = Counter()
    for note, _text in notes:
        if not note.share:
            continue
        body = "\n".join(s.text for s in note.snippets) + "\n" + note.title
        for name, count in text_names(body).items():
            if name.lower() not in fm_words:
                candidates[name] += count
    survived = {name: c for name, c in candidates.items() if occurs(name, shared)}
    print(f"other names in text: {len(candidates)} candidates, {len(survived)} still in shared/ "
          f"({len(candidates) - len(survived)} replaced)")
    for name, count in sorted(survived.items(), key=lambda kv: (-kv[1], kv[0]))[:40]:
        print(f"  kept {name!r} ({count}x in notes)")
    log_path = out_dir / "redaction-log.csv"
    if log_path.is_file():
        import pandas as pd

        log = pd.read_csv(log_path, keep_default_na=False)
        found = log[log.kind.isin(["rule", "ner"])].groupby(["original", "replacement"])["count"].sum()
        print(f"names found in text by rules/NER and replaced: {len(found)} distinct")
        for (original, replacement), count in found.sort_values(ascending=False).head(40).items():
            print(f"  {original!r} → {replacement} ({count}x)")
    return 1 if leaks else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
