"""Words: the spaCy lookup lemmas, tokenizing, stop words and reading dates, shared by every stage that needs them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def lemma_pipeline() -> "Language":
    # Always the lookup-lemma pipeline: patterns and texts must be lemmatised the same way, and a trained
    # tagger would lemmatise an isolated pattern differently from the same words in a sentence.
    try:
        from .nlp import get_nlp

        return get_nlp("blank")
    except Exception:  # pragma: no cover - only while the shared pipeline is unavailable
        import spacy

        return spacy.blank("en")


DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


WHITESPACE = re.compile(r"\s+")
