"""The corpus-wide stages: themes, then the plan, over every parsed note; they make the :class:`~infosynth.synthesis.Synthesis`.

Used by :func:`infosynth.pipeline.build` after the per-note stages, by :meth:`Synthesis.recluster` and by the shared copy
(:mod:`infosynth.sharing.shared_copy`), which runs them again over the notes that may be shared."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .config import Config
from .models import BuildWarning, Note
from .synthesis import Synthesis

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


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
    progress: ProgressCallback | None = None,
    copy_snippets: bool = True,
    memory: Any = None,
) -> Synthesis:
    """Themes and plan over all notes; shared by :func:`build` and :meth:`Synthesis.recluster`.

    ``copy_snippets=False`` writes the themes into the notes' own snippet records (for a build, whose records
    nothing else holds); otherwise they are copied, so that re-clustering never changes an earlier Synthesis.
    ``memory`` keeps clustering results between builds (see :class:`~infosynth.cache.ResultMemory`).
    """
    from .analysis.themes.finder import ThemeFinder
    from .plan.build import build_plan

    timings = timings if timings is not None else {}
    step = progress or (lambda stage, done, total: None)
    parsed = [s for n in notes for s in n.snippets]
    step("themes", 0, 1)
    with timed(timings, "themes"):
        finder = ThemeFinder(granularity=granularity if granularity is not None else cfg.granularity, memory=memory)
        finder.fit(parsed, notes, embeddings)
        snippets = [copy.copy(s) for s in parsed] if copy_snippets else parsed
        for snippet, theme in zip(snippets, finder.assignments_):
            snippet.theme = theme
    syn = Synthesis(
        notes_dir=folder, config=cfg, note_records=notes, snippet_records=snippets, embeddings=embeddings,
        theme_records=finder.themes_, mentions=mentions, career_paths=career_paths, warnings=warnings,
        timings=timings, cached_notes=cached_notes, granularity=finder.granularity,
    )
    step("themes", 1, 1)
    step("plan", 0, 1)
    with timed(timings, "plan"):
        syn.plan_result = build_plan(
            syn.snippets, syn.notes, syn.themes, mentions, career_paths,
            cfg.profile, extra_actions=cfg.extra_actions, extra_questions=cfg.extra_questions,
            extra_skills=cfg.extra_skills,
        )
    step("plan", 1, 1)
    return syn


def prepare_corpus_stages(cfg: Config) -> None:
    """Import and load what the corpus stages and the report read whatever the notes say.

    A build calls this while a forked child analyses the notes that changed, time this process would otherwise
    spend waiting; each loader keeps what it loads, so the stages find it ready. With a profile, the plan reads
    goals and skills with the lookup-lemma pipeline (spaCy) and weighs goals with the static embeddings.
    """
    import pandas  # noqa: F401  (the Synthesis frames)

    from ._fast.lookups import lemma_lookup
    from .analysis.themes.codebook import codebook_index
    from .analysis.themes.finder import ThemeFinder  # noqa: F401
    from .plan.build import build_plan  # noqa: F401
    from .report.environment import render_page  # noqa: F401

    codebook_index()
    lemma_lookup()
    profile = cfg.profile
    if profile.goals or profile.current_skills:
        from .text import lemma_pipeline

        lemma_pipeline()
    if profile.current_skills:
        from .lexicon import extra_key, skill_index

        skill_index(extra_key(cfg.extra_skills))
    if profile.goals:
        from .analysis.embed import embedding_dim

        embedding_dim()  # (loads the static model)


@contextmanager
def timed(timings: dict[str, float], stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def recluster(syn: Synthesis, granularity: float) -> Synthesis:
    """Themes again at another granularity (>1 finer, <1 coarser), without re-reading the notes."""
    return corpus_stages(
        syn.notes_dir, syn.config, syn.note_records, syn.embeddings, syn.mentions, syn.career_paths,
        syn.warnings, granularity=granularity, timings=dict(syn.timings), cached_notes=syn.cached_notes,
    )
