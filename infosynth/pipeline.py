"""``build()``: notes folder → :class:`~infosynth.synthesis.Synthesis`.

Per-note stages (parse, tag, embed, extract skills) run once per changed note and are cached; corpus stages
(themes, plan) run over everything each time. Data flows one way; each stage is a plain function.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config, load_config
from .ingest import discover, parse_note, read_text, _relative
from .models import BuildWarning, Note, Snippet
from .synthesis import Synthesis

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


class NotesFolderError(Exception):
    """The notes folder is missing or holds no notes (exit code 2 on the command line)."""


@dataclasses.dataclass
class _NoteResult:
    note: Note
    embeddings: Any  # np.ndarray (n_snippets, dim)
    theme_proba: Any  # np.ndarray (n_snippets, codebook themes): depends on the snippet alone, so cached
    mentions: list[dict[str, Any]]
    paths: list[dict[str, Any]]
    warnings: list[str]


def build(
    notes_dir: str | Path | None = None,
    config: Config | str | Path | None = None,
    *,
    cache: bool = True,
    granularity: float | None = None,
    progress: ProgressCallback | None = None,
    exclude: list[Path] | None = None,
    workers: int = 1,
) -> Synthesis:
    """Read, tag, cluster and plan a folder of interview notes.

    >>> import infosynth                                   # doctest: +SKIP
    >>> syn = infosynth.build("sample_notes")              # doctest: +SKIP
    >>> syn.themes.head()                                   # doctest: +SKIP

    ``config`` is a :class:`~infosynth.config.Config`, a path to ``infosynth.toml``, or None (look in the notes
    folder, its parent, then the current directory). ``cache=False`` recomputes every note. ``exclude`` lists folders inside
    the notes folder to leave out (the CLI passes the output folder). ``workers`` > 1 lets up to that many processes
    analyse new or changed notes when there are enough of them (a hundred per process); results are the same.
    """
    timings: dict[str, float] = {}
    cfg = config if isinstance(config, Config) else load_config(config, notes_dir)
    folder = Path(notes_dir) if notes_dir else (cfg.notes_dir or Path("notes"))
    if not folder.exists():
        raise NotesFolderError(f"notes folder {folder} does not exist")
    if not folder.is_dir():
        raise NotesFolderError(f"{folder} is not a folder")
    warnings: list[BuildWarning] = []

    with _timed(timings, "discover"):
        paths = discover(folder, exclude=exclude or [], warn=warnings.append)
    if not paths:
        raise NotesFolderError(f"no notes (*.md) found in {folder}")

    with _timed(timings, "per-note"):
        results, cached = _per_note_stages(folder, paths, cfg, cache, warnings, progress, workers)
    notes = [r.note for r in results]
    if not notes:
        raise NotesFolderError(f"none of the {len(paths)} files in {folder} could be read as notes")
    from .sharing.consent import apply_defaults

    for note in notes:  # consent defaults are settings, not note content: applied after the cache
        apply_defaults(note, cfg.share_default, cfg.quotes_default)

    import numpy as np

    from .extract import CareerPath, SkillMention

    embeddings = np.vstack([r.embeddings for r in results])
    theme_proba = np.vstack([r.theme_proba for r in results])
    mentions = [SkillMention(**m) for r in results for m in r.mentions]
    career_paths = [CareerPath(**p) for r in results for p in r.paths]
    return corpus_stages(
        folder, cfg, notes, embeddings, mentions, career_paths, warnings,
        granularity=granularity, timings=timings, cached_notes=cached, theme_proba=theme_proba, progress=progress,
        copy_snippets=False,
    )


def corpus_stages(
    folder: Path,
    cfg: Config,
    notes: list[Note],
    embeddings: Any,
    mentions: list[Any],
    career_paths: list[Any],
    warnings: list[BuildWarning],
    *,
    granularity: float | None = None,
    timings: dict[str, float] | None = None,
    cached_notes: int = 0,
    theme_proba: Any = None,
    progress: ProgressCallback | None = None,
    copy_snippets: bool = True,
) -> Synthesis:
    """Themes and plan over all notes; shared by :func:`build` and :meth:`Synthesis.recluster`.

    ``copy_snippets=False`` writes the themes into the notes' own snippet records (for a build, whose records
    nothing else holds); otherwise they are copied, so that re-clustering never changes an earlier Synthesis.
    """
    from .plan import build_plan
    from .themes import ThemeFinder

    timings = timings if timings is not None else {}
    step = progress or (lambda stage, done, total: None)
    parsed = [s for n in notes for s in n.snippets]
    step("themes", 0, 1)
    with _timed(timings, "themes"):
        finder = ThemeFinder(granularity=granularity if granularity is not None else cfg.granularity)
        finder.fit(parsed, notes, embeddings, codebook_proba=theme_proba)
        snippets = [copy.copy(s) for s in parsed] if copy_snippets else parsed
        for snippet, theme in zip(snippets, finder.assignments_):
            snippet.theme = theme
    syn = Synthesis(
        notes_dir=folder, config=cfg, note_records=notes, snippet_records=snippets, embeddings=embeddings,
        theme_records=finder.themes_, mentions=mentions, career_paths=career_paths, warnings=warnings,
        timings=timings, cached_notes=cached_notes, theme_proba=theme_proba, granularity=finder.granularity,
    )
    step("themes", 1, 1)
    step("plan", 0, 1)
    with _timed(timings, "plan"):
        syn.plan_result = build_plan(
            syn.snippets, syn.notes, syn.themes, mentions, career_paths,
            cfg.profile, extra_actions=cfg.extra_actions, extra_questions=cfg.extra_questions,
            extra_skills=cfg.extra_skills,
        )
    step("plan", 1, 1)
    return syn


# ------------------------------------------------------------------------------------------ per-note stages


def pipeline_version(cfg: Config) -> str:
    """Changes whenever anything that shapes a per-note result changes: code, models, user cues/skills."""
    from .embed import MODEL_VERSION
    from .extract import EXTRACT_VERSION
    from .nlp import pipeline_version as nlp_version
    from .tagging import MODEL_VERSION as TAGGER_VERSION
    from .themes import CODEBOOK_PATH, classifier_fingerprint

    settings = json.dumps([cfg.extra_cues, cfg.extra_skills], sort_keys=True)
    parts = [__version__, _code_version(), nlp_version(cfg.spacy_model), TAGGER_VERSION, EXTRACT_VERSION,
             MODEL_VERSION, classifier_fingerprint(str(CODEBOOK_PATH), True), settings]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _code_version() -> str:
    """Hash of the modules whose code shapes a per-note result, so an upgrade never serves stale rows."""
    digest = hashlib.sha256()
    for name in ("models.py", "ingest.py", "tagging.py", "extract.py", "pipeline.py", "sharing/consent.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:12]


def _per_note_stages(
    folder: Path,
    paths: list[Path],
    cfg: Config,
    use_cache: bool,
    warnings: list[BuildWarning],
    progress: ProgressCallback | None,
    workers: int = 1,
) -> tuple[list[_NoteResult], int]:
    from .cache import NoteCache, default_cache_dir

    store = None
    version = ""
    if use_cache:
        version = pipeline_version(cfg)
        cache_dir = cfg.cache_dir or default_cache_dir()
        try:
            store = NoteCache(cache_dir / "notes.sqlite")
        except Exception as exc:  # an unusable cache must never stop a build
            warnings.append(BuildWarning(str(cache_dir), f"cache unavailable ({exc}); building without it"))
    seen: dict[str, str] = {}
    todo: list[tuple[int, str, str, str]] = []  # (slot, rel path, text, hash) of notes to compute
    hits: list[tuple[int, str, tuple[Any, ...]]] = []  # (slot, rel path, cached row)
    file_remarks: dict[str, list[str]] = {}
    total = 0
    for path in paths:
        rel = _relative(path, folder)
        read = read_text(path)
        remarks = list(read.notes)
        if read.text is None:
            warnings.append(BuildWarning(rel, "; ".join(remarks)))
            continue
        digest = hashlib.sha256(read.text.encode("utf-8", errors="surrogatepass")).hexdigest()
        if digest in seen:
            warnings.append(BuildWarning(rel, f"same content as {seen[digest]}; skipped as a duplicate"))
            continue
        seen[digest] = rel
        file_remarks[rel] = remarks
        row = store.get(rel, digest, version) if store else None
        if row is not None and row[0].get("snippet_fields") == list(_SNIPPET_FIELDS):
            hits.append((total, rel, row))
        else:
            todo.append((total, rel, read.text, digest))
        total += 1
    slots: list[_NoteResult | None] = [None] * total
    # Changed notes go to worker processes first, so that decoding the cached ones overlaps with them.
    analysed = _analyse(todo, cfg, workers)
    todo_by_slot = {t[0]: t for t in todo}
    try:
        for slot, rel, row in hits:
            result = _from_payload(*row)
            slots[slot] = result
            file_remarks[rel] += result.warnings
        if progress:
            progress("notes", len(hits), total)
        for done, (slot, result) in enumerate(analysed, start=1):
            _, rel, _, digest = todo_by_slot[slot]
            slots[slot] = result
            file_remarks[rel] += result.warnings
            if store:
                store.put(rel, digest, version, *_to_payload(result))
            if progress:
                progress("notes", len(hits) + done, total)
    finally:
        analysed.close()  # stops the workers if anything above failed
        if store:
            store.close()
    for rel, remarks in file_remarks.items():
        if remarks:
            warnings.append(BuildWarning(rel, "; ".join(dict.fromkeys(remarks))))
    results = [r for r in slots if r is not None]
    return results, len(hits)


NOTES_PER_WORKER = 100


def _analyse(todo: list[tuple[int, str, str, str]], cfg: Config, workers: int) -> Iterator[tuple[int, _NoteResult]]:
    """(slot, result) for each note in ``todo``, in any order.

    With enough notes they go to up to ``workers`` worker processes, and the work starts before this returns;
    otherwise they are analysed here, one by one, as the caller iterates. A worker first spends about a second
    loading the models (which this process loads anyway for the corpus stages), so each needs
    ``NOTES_PER_WORKER`` notes to pay for itself.
    """
    workers = min(workers, len(todo) // NOTES_PER_WORKER)
    if workers < 2:
        return _analyse_here(todo, cfg)
    import concurrent.futures as cf
    import multiprocessing

    # forkserver: workers fork from a clean server process rather than from this one, whose threads
    # (BLAS, SQLite) make a plain fork unsafe; spawn where there is no forkserver.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["infosynth.pipeline", "spacy"])
    # Chunks small enough to share the work evenly, large enough that passing them costs little.
    size = max(1, min(16, len(todo) // (workers * 4)))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    pool = cf.ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(cfg,))
    futures = [pool.submit(_analyse_chunk, [(slot, rel, text) for slot, rel, text, _ in chunk]) for chunk in chunks]

    def collect() -> Iterator[tuple[int, _NoteResult]]:
        try:
            for future in cf.as_completed(futures):
                yield from future.result()
        finally:
            pool.shutdown(cancel_futures=True)

    return collect()


def _analyse_here(todo: list[tuple[int, str, str, str]], cfg: Config) -> Iterator[tuple[int, _NoteResult]]:
    analyser = _NoteAnalyser(cfg)
    for slot, rel, text, _ in todo:
        yield slot, analyser.analyse(rel, text)


_worker_analyser: "_NoteAnalyser | None" = None


def _start_worker(cfg: Config) -> None:
    global _worker_analyser
    _worker_analyser = _NoteAnalyser(cfg)


def _analyse_chunk(chunk: list[tuple[int, str, str]]) -> list[tuple[int, _NoteResult]]:
    assert _worker_analyser is not None
    return [(slot, _worker_analyser.analyse(rel, text)) for slot, rel, text in chunk]


class _NoteAnalyser:
    """Parse → tag → embed → extract for one note, with the heavy models loaded once."""

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self._ready = False

    def _load(self) -> None:
        from .nlp import get_nlp
        from .tagging import CategoryTagger, TaggingSettings

        self.nlp = get_nlp(self.cfg.spacy_model)
        self.tagger = CategoryTagger.load(TaggingSettings(extra_cues=self.cfg.extra_cues))
        self._ready = True

    def analyse(self, rel: str, text: str) -> _NoteResult:
        from threadpoolctl import threadpool_limits

        if not self._ready:
            self._load()
        # One note's matrices are small: more BLAS threads only spin (OpenBLAS busy-waits), taking a core from
        # worker processes or anything else running. Set per note: a library loaded meanwhile is covered too.
        with threadpool_limits(limits=1):
            return self._analyse(rel, text)

    def _analyse(self, rel: str, text: str) -> _NoteResult:
        from .embed import embed, embedding_dim
        from .themes import codebook_proba, load_codebook

        remarks: list[str] = []
        note = parse_note(text, rel, sentencizer=self.nlp, warn=lambda w: remarks.append(w.message))
        for snippet, result in zip(note.snippets, self.tagger.predict(note.snippets)):
            snippet.categories = result.categories
            snippet.evidence = result.evidence
        import numpy as np

        texts = [s.text for s in note.snippets]
        vectors = embed(texts) if texts else np.zeros((0, embedding_dim()), "float32")
        proba = codebook_proba(texts, vectors).astype("float32") if texts else None
        from .extract import extract_career_paths, extract_skills

        mentions = extract_skills(note.snippets, [note], extra_skills=self.cfg.extra_skills)
        paths = extract_career_paths(note.snippets, [note])
        if proba is None:
            proba = np.zeros((0, len(load_codebook())), "float32")
        return _NoteResult(
            note, vectors, proba, [dataclasses.asdict(m) for m in mentions], [dataclasses.asdict(p) for p in paths],
            remarks,
        )


# Snippets are stored as rows of field values (not one object per snippet): about twice as fast to decode,
# which is most of the time a fully cached rebuild spends reading the cache.
_SNIPPET_FIELDS = tuple(f.name for f in dataclasses.fields(Snippet))
_TUPLE_FIELDS = tuple(i for i, f in enumerate(dataclasses.fields(Snippet)) if f.name in ("hashtags", "links", "categories"))


def _to_payload(result: _NoteResult) -> tuple[dict[str, Any], bytes]:
    import numpy as np

    note = {f.name: getattr(result.note, f.name) for f in dataclasses.fields(Note) if f.name != "snippets"}
    note["date"] = result.note.date.isoformat() if result.note.date else None
    rows = [[getattr(s, name) for name in _SNIPPET_FIELDS] for s in result.note.snippets]
    payload = {"note": note, "snippet_fields": _SNIPPET_FIELDS, "snippets": rows, "mentions": result.mentions,
               "paths": result.paths, "warnings": result.warnings,
               "shape": [len(result.embeddings), result.embeddings.shape[1] + result.theme_proba.shape[1]],
               "embedding_dim": result.embeddings.shape[1]}
    return payload, np.hstack([result.embeddings, result.theme_proba]).astype("float32").tobytes()


def _from_payload(payload: dict[str, Any], blob: bytes | None) -> _NoteResult:
    import datetime as dt

    import numpy as np

    snippets = []  # the caller checked payload["snippet_fields"] against _SNIPPET_FIELDS
    for row in payload["snippets"]:
        for i in _TUPLE_FIELDS:
            row[i] = tuple(row[i])
        snippets.append(Snippet(*row))
    data = dict(payload["note"])
    data["date"] = dt.date.fromisoformat(data["date"]) if data["date"] else None
    data["tags"] = tuple(data["tags"])
    note = Note(**data, snippets=snippets)
    matrix = np.frombuffer(blob or b"", dtype="float32").reshape(payload["shape"])
    dim = payload["embedding_dim"]
    # Read-only views of the cached bytes: the build only stacks them into new arrays.
    return _NoteResult(note, matrix[:, :dim], matrix[:, dim:], payload["mentions"], payload["paths"],
                       payload["warnings"])


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start
