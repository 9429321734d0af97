"""Write infosynth/data/lexicons/patterns.json: the shipped skill and role lexicons, tokenised for matching.

Building the matchers from this file instead of tokenising thousands of aliases saves about half a second
whenever a build analyses a note. The file is tied to the lexicons, the shipped lookup pipeline and the
installed spaCy version (`shipped_patterns_key`); when any of them differs, infosynth analyses the aliases
itself, so a stale file is slow, never wrong. `tests/test_extract.py` checks it is current.

    python scripts/build_lexicon_patterns.py
"""

from __future__ import annotations

import json

from infosynth.lexicon import (
    PATTERNS_PATH,
    analyse_patterns,
    base_skills,
    load_roles,
    shipped_patterns_key,
)


def shipped_pattern_table() -> dict:
    return {
        "key": shipped_patterns_key(),
        "skills": analyse_patterns({e.name: e.aliases for e in base_skills()}),
        "roles": analyse_patterns({e.name: e.aliases for e in load_roles()}),
    }


def main() -> None:
    table = shipped_pattern_table()
    # One name per line: small diffs when a lexicon changes.
    lines = [json.dumps({"key": table["key"]})[:-1] + ","]
    for kind in ("skills", "roles"):
        entries = [f"  {json.dumps(name)}: {json.dumps(table[kind][name], ensure_ascii=False)}"
                   for name in sorted(table[kind])]
        lines.append(f"{json.dumps(kind)}: {{\n" + ",\n".join(entries) + "\n}" + ("," if kind == "skills" else ""))
    PATTERNS_PATH.write_text("\n".join(lines) + "}\n", encoding="utf-8")
    print(f"wrote {PATTERNS_PATH} ({PATTERNS_PATH.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
