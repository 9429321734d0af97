"""Versions of the per-note stages: what decides whether a cached result may be reused.

A cached result of a note is reused only when nothing that produced it changed:

* the stage's **version number** below, bumped by hand whenever a change to that stage's code can change what it
  produces;
* a **fingerprint of the shipped files** the stage reads (models, lexicons, codebook), hashed from their bytes,
  so a retrained model or an edited lexicon needs no bump;
* the user's settings that shape it (cue phrases, extra skills) and the spaCy pipeline in use (pipeline.py).

Forgetting a bump would serve stale results, so ``tests/test_stage_versions.py`` checks it: ``stage_digests.json``
records, for each stage, the version and a digest of the stage's source files. The test fails when a stage's
code no longer matches its digest. Then bump the stage's number here if its results can change, and run
``python scripts/record_stage_digests.py`` to record the new digests (it refuses a changed stage whose number
did not move unless told ``--same-results STAGE``, for changes such as comments).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DIGESTS_FILE = PACKAGE_DIR / "stage_digests.json"


@dataclass(frozen=True)
class Stage:
    version: int
    code: tuple[str, ...]  # modules (relative to the package) whose source the digest check watches
    data: tuple[str, ...] = ()  # shipped files or folders whose bytes are part of the cache key


#: One entry per per-note stage. Bump ``version`` when the stage's output can change.
STAGES: dict[str, Stage] = {
    "parse": Stage(72, ("ingest/notes.py", "ingest/discover.py", "ingest/frontmatter.py", "ingest/markdown.py",
                        "ingest/linebreaks.py", "ingest/meeting.py", "ingest/snippets.py", "ingest/people.py",
                        "models.py", "text.py", "sharing/consent.py", "sharing/words.py"),
                   ("data/names",)),  # markdown → snippets with provenance; a title's person needs the name lists
    "sentences": Stage(1, ("nlp.py", "_fast/lookups.py"), ("data/spacy-en-lookup",)),  # sentence bounds and lemmas
    # (the blank pipeline's, and its lemma table read without spaCy)
    "tag": Stage(5, ("analysis/tagging/features.py", "analysis/tagging/model.py", "analysis/tagging/tagger.py",
                     "_fast/linear.py", "analysis/embed.py"), ("data/tagging", "data/embeddings")),  # categories (reads "encode")
    "encode": Stage(6, ("analysis/encoder.py", "text.py"), ("data/encoder",)),  # sentence vectors: the tagger's
    # (text_in_context) and the theme finder's (text_for_themes)
    "extract": Stage(29, ("analysis/extract/skills.py", "analysis/extract/careers.py", "analysis/extract/roles.py",
                      "lexicon.py", "ingest/people.py"), ("data/lexicons",)),  # skill mentions and career paths
    "cache-row": Stage(4, ("pipeline.py", "cache.py")),  # what a cached row holds and how it is read back
}


def stage_key(file_digest: Callable[[Path], str] | None = None, stages: dict[str, Stage] | None = None,
              root: Path = PACKAGE_DIR) -> str:
    """Versions and data fingerprints of every stage, as one string for the cache key.

    ``file_digest`` hashes one file (the cache passes a memoised one, so an unchanged 15 MB model is not read on
    every build); by default the file is read.
    """
    digest_of = file_digest or digest_file
    parts = []
    for name, stage in (stages or STAGES).items():
        data = hashlib.sha256()
        for entry in stage.data:
            for path in _files(root / entry):
                data.update(f"{path.relative_to(root).as_posix()}\0{digest_of(path)}\0".encode())
        parts.append(f"{name}={stage.version}:{data.hexdigest()[:16]}")
    return "|".join(parts)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return []


def digest_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------------------------- the digest check


def source_digest(stage: Stage, root: Path | None = None) -> str:
    """Digest of a stage's source files (line endings normalised, so a Windows checkout agrees)."""
    root = root or PACKAGE_DIR
    digest = hashlib.sha256()
    for name in stage.code:
        digest.update(name.encode() + b"\0")
        digest.update((root / name).read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return digest.hexdigest()


def recorded_digests(path: Path | None = None) -> dict[str, dict[str, object]]:
    try:
        return json.loads((path or DIGESTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def stale_stages(root: Path | None = None, recorded: dict | None = None,
                 stages: dict[str, Stage] | None = None) -> dict[str, str]:
    """Stages whose source no longer matches ``stage_digests.json``, each with what to do about it."""
    recorded = recorded_digests() if recorded is None else recorded
    problems = {}
    for name, stage in (stages or STAGES).items():
        entry = recorded.get(name) or {}
        current = source_digest(stage, root)
        if entry.get("sources") == current and entry.get("version") == stage.version:
            continue
        if entry.get("sources") == current:
            problems[name] = (f"version changed to {stage.version} but the digests were not recorded: "
                              f"run python scripts/record_stage_digests.py")
        elif entry.get("version") == stage.version:
            problems[name] = (f"{', '.join(stage.code)} changed but STAGES[{name!r}] in infosynth/versions.py is "
                              f"still {stage.version}: bump it if results can change, then run "
                              f"python scripts/record_stage_digests.py")
        else:
            problems[name] = "new code and version not recorded yet: run python scripts/record_stage_digests.py"
    return problems
