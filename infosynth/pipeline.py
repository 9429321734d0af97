"""``build()``: notes folder → :class:`~infosynth.synthesis.Synthesis`.

Per-note stages (parse, tag, embed, extract skills) run once per changed note and are cached; corpus stages
(themes, plan) run over everything each time. Data flows one way; each stage is a plain function.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from .config import Config, config_warnings, load_config
from .corpus import ProgressCallback, corpus_stages, prepare_corpus_stages, recluster, timed
from .ingest.discover import OUTPUT_MARKER, discover, file_stamp, read_text, relative_path
from .ingest.notes import parse_note
from .models import BuildWarning, Note, Snippet
from .report.render import write_outputs
from .synthesis import Synthesis, attach

# The conveniences of a Synthesis that need the stages above it (records never import the code that made them).
attach("render", write_outputs)
attach("recluster", recluster)


class NotesFolderError(Exception):
    """The notes folder is missing or holds no notes (exit code 2 on the command line)."""


@dataclasses.dataclass
class _NoteResult:
    note: Note
    embeddings: Any  # np.ndarray (n_snippets, dim): sentence-encoder vectors of the lines as text_for_themes reads them
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
    analyse new or changed notes when there are enough of them (a hundred per process), and fewer in one forked
    child where that is safe (Linux); results are the same.
    """
    timings: dict[str, float] = {}
    cfg = config if isinstance(config, Config) else load_config(config, notes_dir)
    folder = Path(notes_dir) if notes_dir else (cfg.notes_dir or Path("notes"))
    if not folder.exists():
        raise NotesFolderError(f"notes folder {folder} does not exist")
    if not folder.is_dir():
        raise NotesFolderError(f"{folder} is not a folder")
    if (folder / OUTPUT_MARKER).is_file():
        raise NotesFolderError(f"{folder} is an infosynth output folder, not a notes folder")
    warnings: list[BuildWarning] = config_warnings(cfg)

    with timed(timings, "discover"):
        paths = discover(folder, exclude=exclude or [], warn=warnings.append)
    if not paths:
        raise NotesFolderError(f"no notes (*.md) found in {folder}")

    with timed(timings, "per-note"):
        results, cached = _per_note_stages(folder, paths, cfg, cache, warnings, progress, workers)
    notes = [r.note for r in results]
    if not notes:
        raise NotesFolderError(f"none of the {len(paths)} files in {folder} could be read as notes")
    from .sharing.consent import apply_defaults

    for note in notes:  # consent defaults are settings, not note content: applied after the cache
        apply_defaults(note, cfg.share_default, cfg.quotes_default)

    import numpy as np

    from .analysis.extract.skills import CareerPath, SkillMention

    embeddings = np.vstack([r.embeddings for r in results])
    mentions = [SkillMention(**m) for r in results for m in r.mentions]
    career_paths = [CareerPath(**p) for r in results for p in r.paths]
    memory = None
    if cache:  # clustering results of earlier builds: a rebuild redoes only the parts an edit touched
        from .cache import ResultMemory, default_cache_dir

        memory = ResultMemory.open((cfg.cache_dir or default_cache_dir()) / "themes.sqlite")
    try:
        return corpus_stages(
            folder, cfg, notes, embeddings, mentions, career_paths, warnings,
            granularity=granularity, timings=timings, cached_notes=cached, progress=progress,
            copy_snippets=False, memory=memory,
        )
    finally:
        if memory is not None:
            memory.close()


# ------------------------------------------------------------------------------------------ per-note stages


def pipeline_version(cfg: Config, store: Any = None) -> str:
    """Changes whenever anything that shapes a per-note result changes: a stage's version, the shipped models and
    data (by content), the spaCy pipeline, the user's cues and skills. See versions.py.

    ``store`` (a :class:`~infosynth.cache.NoteCache`) remembers the digests of the shipped files between builds.
    """
    from .nlp import pipeline_version as nlp_version
    from .versions import stage_key

    settings = json.dumps([cfg.extra_cues, cfg.extra_skills], sort_keys=True)
    parts = [stage_key(store.file_digest if store is not None else None), nlp_version(cfg.spacy_model), settings]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


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
        cache_dir = cfg.cache_dir or default_cache_dir()
        try:
            store = NoteCache(cache_dir / "notes.sqlite")
            version = pipeline_version(cfg, store)
        except Exception as exc:  # an unusable cache must never stop a build
            warnings.append(BuildWarning(str(cache_dir), f"cache unavailable ({exc}); building without it"))
            if store:
                store.close()
            store = None
    seen: dict[str, str] = {}
    todo: list[tuple[int, str, str, str]] = []  # (slot, rel path, text, hash) of notes to compute
    hits: list[tuple[int, str, str, str]] = []  # the same, of notes whose results the cache holds
    stamps: dict[str, tuple[Path, Any]] = {}  # rel path → (file, what it was when read)
    file_remarks: dict[str, list[str]] = {}
    # Which notes changed is known from the notes alone; their analysis starts before any cached row is read.
    stored = store.stored(version) if store else set()
    total = 0
    for path in paths:
        rel = relative_path(path, folder)
        read = read_text(path)
        remarks = list(read.notes)
        if read.text is None:
            warnings.append(BuildWarning(rel, "; ".join(remarks)))
            continue
        if not read.text.strip():  # still a note (the folder lists it), but the user may have meant to save it
            remarks.append("the file is empty; nothing to read")
        digest = hashlib.sha256(read.text.encode("utf-8", errors="surrogatepass")).hexdigest()
        if digest in seen:
            warnings.append(BuildWarning(rel, f"same content as {seen[digest]}; skipped as a duplicate"))
            continue
        seen[digest] = rel
        file_remarks[rel] = remarks
        stamps[rel] = (path, read.stamp)
        (hits if stored is None or (rel, digest) in stored else todo).append((total, rel, read.text, digest))
        total += 1
    slots: list[_NoteResult | None] = [None] * total
    # Changed notes go to worker processes first, so that reading the cached ones overlaps with them.
    analysed = _analyse(todo, cfg, workers)
    todo_by_slot = {t[0]: t for t in todo}
    again: list[tuple[int, str, str, str]] = []  # cached rows that turned out unreadable: analysed here

    def accept(slot: int, rel: str, digest: str, result: _NoteResult) -> None:
        slots[slot] = result
        file_remarks[rel] += result.warnings
        if store:
            store.put(rel, digest, version, *_to_payload(result))

    try:
        for slot, rel, text, digest in hits:
            row = store.get(rel, digest, version) if store else None
            try:
                if row is None or not _row_fits(*row):
                    raise ValueError("no row, or not the layout this code writes")
                result = _from_payload(*row, rel)
            except Exception:  # a damaged row is a miss, never an error
                if store is not None and row is not None:
                    store.damaged += 1  # analysed again below; its row is replaced
                again.append((slot, rel, text, digest))
                continue
            slots[slot] = result
            file_remarks[rel] += result.warnings
        if isinstance(analysed, _ForkedAnalysis):
            prepare_corpus_stages(cfg)  # while the child works: what the stages after this one load in any case
        if progress:
            progress("notes", len(hits) - len(again), total)
        done = len(hits) - len(again)
        for slot, result in analysed:
            _, rel, _, digest = todo_by_slot[slot]
            accept(slot, rel, digest, result)
            done += 1
            if progress:
                progress("notes", done, total)
        again_by_slot = {t[0]: t for t in again}
        for slot, result in _analyse_here(again, cfg):
            accept(slot, again_by_slot[slot][1], again_by_slot[slot][3], result)
        _reread_changed(stamps, slots, file_remarks, cfg, accept)
        if store:
            store.prune()
    finally:
        analysed.close()  # stops the workers if anything above failed
        if store:
            store.close()
    for rel, remarks in file_remarks.items():
        if remarks:
            warnings.append(BuildWarning(rel, "; ".join(dict.fromkeys(remarks))))
    if store and (store.damaged or store.problems):  # one warning for the cache, however many rows
        damaged = [f"{store.damaged} cached result{'s' * (store.damaged != 1)} could not be read back; those "
                   f"notes were analysed again"] if store.damaged else []
        warnings.append(BuildWarning(str(store.path), "; ".join(damaged + store.problems)))
    results = [r for r in slots if r is not None]
    return results, len(hits) - len(again)


def _reread_changed(stamps: dict[str, tuple[Path, Any]], slots: list["_NoteResult | None"],
                    file_remarks: dict[str, list[str]], cfg: Config,
                    accept: Callable[[int, str, str, "_NoteResult"], None]) -> None:
    """Read again every note saved while the build was reading the others (an editor or a sync client at work),
    so the build reflects what is on disk now, not a half-written file."""
    changed = [rel for rel, (path, stamp) in stamps.items() if file_stamp(path) not in (stamp, None)]
    if not changed:
        return
    slot_of = {result.note.path: i for i, result in enumerate(slots) if result is not None}
    todo = []
    for rel in changed:
        read = read_text(stamps[rel][0])
        if read.text is None or rel not in slot_of:
            file_remarks[rel].append("changed during the build and could not be read again; the earlier version is used")
            continue
        file_remarks[rel] = ["changed during the build; read again"] + read.notes
        digest = hashlib.sha256(read.text.encode("utf-8", errors="surrogatepass")).hexdigest()
        todo.append((slot_of[rel], rel, read.text, digest))
    by_slot = {t[0]: t for t in todo}
    for slot, result in _analyse_here(todo, cfg):
        accept(slot, by_slot[slot][1], by_slot[slot][3], result)


NOTES_PER_WORKER = 100


def _analyse(todo: list[tuple[int, str, str, str]], cfg: Config,
             workers: int) -> "Generator[tuple[int, _NoteResult], None, None] | _ForkedAnalysis":
    """(slot, result) for each note in ``todo``, in any order.

    With enough notes they go to up to ``workers`` worker processes, and the work starts before this returns;
    a few go to one forked child when ``workers`` allows two processes and forking is safe (:func:`_fork_pays`),
    also started before this returns;
    otherwise they are analysed here, one by one, as the caller iterates. A worker first spends about a second
    loading the models (which this process loads anyway for the corpus stages), so each needs
    ``NOTES_PER_WORKER`` notes to pay for itself.
    """
    allowed, workers = workers, min(workers, len(todo) // NOTES_PER_WORKER)
    if workers < 2:
        if todo and allowed >= 2 and _fork_pays(len(todo)):
            from .forking import ChildFailed

            with contextlib.suppress(ChildFailed):  # (no child could be started)
                return _ForkedAnalysis(todo, cfg)
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

    def collect() -> Generator[tuple[int, _NoteResult], None, None]:
        try:
            for future in cf.as_completed(futures):
                yield from future.result()
        finally:
            pool.shutdown(cancel_futures=True)

    return collect()


def _analyse_here(todo: list[tuple[int, str, str, str]], cfg: Config) -> Generator[tuple[int, _NoteResult], None, None]:
    analyser = _NoteAnalyser(cfg)
    for slot, rel, text, _ in todo:
        yield slot, analyser.analyse(rel, text)


def _fork_pays(notes: int) -> bool:
    """Whether a few changed notes should be analysed in a forked copy of this process (see forking.py).

    Analysing even one note first costs about a second and a half of loading (spaCy, the tagger, the encoder); a
    forked child does that on the second core while this process reads the cached notes and prepares the corpus
    stages. Not when this process has the models loaded already (a notebook building again): analysing here is
    quicker then.
    """
    from .forking import fork_is_safe

    return notes <= NOTES_PER_WORKER and not _NoteAnalyser.loaded_here and fork_is_safe()


class _ForkedAnalysis:
    """Iterates (slot, result) of the notes a forked child analyses, which it starts when made; if the child fails
    in any way, the notes are analysed here instead, as without it."""

    def __init__(self, todo: list[tuple[int, str, str, str]], cfg: Config):
        from .forking import ForkedCall

        self.todo, self.cfg = todo, cfg
        self.call = ForkedCall(_analyse_all, todo, cfg)

    def __iter__(self) -> Generator[tuple[int, _NoteResult], None, None]:
        from .forking import ChildFailed

        try:
            results = self.call.result()
        except ChildFailed:
            results = None
        yield from results if results is not None else _analyse_here(self.todo, self.cfg)

    def close(self) -> None:
        self.call.close()


def _analyse_all(todo: list[tuple[int, str, str, str]], cfg: Config) -> list[tuple[int, _NoteResult]]:
    return list(_analyse_here(todo, cfg))


_worker_analyser: "_NoteAnalyser | None" = None


def _start_worker(cfg: Config) -> None:
    import signal

    global _worker_analyser
    _exit_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build process, which stops the pool
    # The workers already share the CPUs out between them: one encoder thread each.
    os.environ.setdefault("INFOSYNTH_ENCODER_THREADS", "1")
    _worker_analyser = _NoteAnalyser(cfg)


def _exit_with_parent() -> None:
    """End this worker as soon as the build process that started it has gone, however it ended.

    A worker's own parent is the fork server, which lives as long as its workers do, and a worker waits on its
    task queue forever: after a SIGKILL or SIGTERM of the build, which run no clean-up, the workers, the fork
    server and the resource tracker would stay. multiprocessing gives each worker the reading end of a pipe whose
    writing end only the build process holds; the system closes it when that process ends, however it ends.
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns once the pipe is closed
        os._exit(1)

    threading.Thread(target=watch, name="infosynth-parent-watch", daemon=True).start()


def _analyse_chunk(chunk: list[tuple[int, str, str]]) -> list[tuple[int, _NoteResult]]:
    assert _worker_analyser is not None
    return [(slot, _worker_analyser.analyse(rel, text)) for slot, rel, text in chunk]


class _NoteAnalyser:
    """Parse → tag → embed → extract for one note, with the heavy models loaded once."""

    loaded_here = False  # whether this process has loaded the models (they stay loaded: see nlp.get_nlp)

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self._ready = False

    def _load(self) -> None:
        from .analysis.tagging.tagger import CategoryTagger, TaggingSettings
        from .nlp import get_nlp

        self.nlp = get_nlp(self.cfg.spacy_model)
        self.tagger = CategoryTagger.load(TaggingSettings(extra_cues=self.cfg.extra_cues))
        self._ready = _NoteAnalyser.loaded_here = True

    def analyse(self, rel: str, text: str) -> _NoteResult:
        from threadpoolctl import threadpool_limits

        if not self._ready:
            self._load()
        # One note's matrices are small: more BLAS threads only spin (OpenBLAS busy-waits), taking a core from
        # worker processes or anything else running. Set per note: a library loaded meanwhile is covered too.
        with threadpool_limits(limits=1):
            return self._analyse(rel, text)

    def _analyse(self, rel: str, text: str) -> _NoteResult:
        from .analysis.encoder import encode, encoder_dim
        from .ingest.people import fill_from_body
        from .text import text_for_themes, text_in_context

        remarks: list[str] = []
        note = parse_note(text, rel, sentencizer=self.nlp, warn=lambda w: remarks.append(w.message))
        fill_from_body(note)  # role, organisation and person written in the title or first lines
        import numpy as np

        # Each snippet goes through the sentence encoder here, once per reading: the tagger reads its vectors now,
        # the theme finder later (they are cached with the note). The readings differ only for a line that opens
        # with a clock time, so most lines are encoded once.
        n = len(note.snippets)
        texts = [text_in_context(s.text, s.heading or "") for s in note.snippets]
        texts += [text_for_themes(s.text, s.heading or "") for s in note.snippets]
        both = encode(texts) if texts else np.zeros((0, encoder_dim()), "float32")
        tag_vectors, vectors = both[:n], both[n:]
        for snippet, result in zip(note.snippets, self.tagger.predict(note.snippets, vectors=tag_vectors)):
            snippet.categories = result.categories
            snippet.evidence = result.evidence
        from .analysis.extract.skills import extract_career_paths, extract_skills

        mentions = extract_skills(note.snippets, [note], extra_skills=self.cfg.extra_skills)
        paths = extract_career_paths(note.snippets, [note])
        return _NoteResult(
            note, vectors, [dataclasses.asdict(m) for m in mentions], [dataclasses.asdict(p) for p in paths],
            remarks,
        )


# Snippets are stored as rows of field values (not one object per snippet): about twice as fast to decode,
# which is most of the time a fully cached rebuild spends reading the cache.
_SNIPPET_FIELDS = tuple(f.name for f in dataclasses.fields(Snippet))
_TUPLE_FIELDS = tuple(i for i, f in enumerate(dataclasses.fields(Snippet)) if f.name in ("hashtags", "links", "categories"))
_NOTE_FIELD = _SNIPPET_FIELDS.index("note")
# Fields whose type the rest of the build relies on (sorting by line, joining text); checked on every cached row.
_FIELD_TYPES = tuple((_SNIPPET_FIELDS.index(name), t) for name, t in (("line", int), ("text", str), ("heading", str),
                                                                     ("kind", str), ("theme", str)))


def _to_payload(result: _NoteResult) -> tuple[dict[str, Any], bytes]:
    import numpy as np

    note = {f.name: getattr(result.note, f.name) for f in dataclasses.fields(Note) if f.name != "snippets"}
    note["date"] = result.note.date.isoformat() if result.note.date else None
    rows = [[getattr(s, name) for name in _SNIPPET_FIELDS] for s in result.note.snippets]
    payload = {"note": note, "snippet_fields": _SNIPPET_FIELDS, "snippets": rows, "mentions": result.mentions,
               "paths": result.paths, "warnings": result.warnings,
               "shape": [len(result.embeddings), result.embeddings.shape[1]]}
    return payload, np.ascontiguousarray(result.embeddings, dtype="float32").tobytes()


@functools.cache
def _row_width() -> int:
    """Width of the sentence vectors in the rows this code writes."""
    from .analysis.encoder import encoder_dim

    return encoder_dim()


def _row_fits(payload: dict[str, Any], blob: bytes | None) -> bool:
    """Whether a cached row has the layout this code writes, checked before any work is spent on it."""
    try:
        rows, width = (int(n) for n in payload["shape"])
        return (
            payload["snippet_fields"] == list(_SNIPPET_FIELDS)
            and isinstance(payload["snippets"], list) and len(payload["snippets"]) == rows
            and {type(r) for r in payload["snippets"]} <= {list}
            and {len(r) for r in payload["snippets"]} <= {len(_SNIPPET_FIELDS)}
            and isinstance(payload["note"], dict)
            and all(isinstance(payload[k], list) for k in ("mentions", "paths", "warnings"))
            and width == _row_width()
            and isinstance(blob, bytes) and len(blob) == rows * width * 4
        )
    except (KeyError, TypeError, ValueError):
        return False


def _from_payload(payload: dict[str, Any], blob: bytes | None, rel: str) -> _NoteResult:
    """The cached result; raises (and the caller analyses the note again) when anything in it does not fit."""
    import datetime as dt

    import numpy as np

    from .analysis.extract.skills import CareerPath, SkillMention

    rows = payload["snippets"]
    # Column by column: one pass of a set per field is several times faster than checking field by field.
    if rows and ({r[_NOTE_FIELD] for r in rows} != {rel} or any({type(r[i]) for r in rows} != {t} for i, t in _FIELD_TYPES)):
        raise ValueError("snippet of another note, or a field of the wrong type")
    snippets = []
    for row in rows:
        for i in _TUPLE_FIELDS:
            row[i] = tuple(row[i])
        snippets.append(Snippet(*row))
    data = dict(payload["note"])
    data["date"] = dt.date.fromisoformat(data["date"]) if data["date"] else None
    data["tags"] = tuple(data["tags"])
    note = Note(**data, snippets=snippets)
    if note.path != rel:
        raise ValueError(f"cached row of {note.path} stored under {rel}")
    for mention in payload["mentions"]:
        SkillMention(**mention)  # raises on missing or unknown keys
    for path in payload["paths"]:
        CareerPath(**path)
    # A read-only view of the cached bytes: the build only stacks them into a new array.
    matrix = np.frombuffer(blob or b"", dtype="float32").reshape(payload["shape"])
    return _NoteResult(note, matrix, payload["mentions"], payload["paths"], [str(w) for w in payload["warnings"]])


