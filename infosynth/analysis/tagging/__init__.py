"""Category tagging: roles, skills, day-to-day and culture, each with its evidence.

* :mod:`.features` — what the tagger reads from a snippet: words, cue phrases, heading hints, the static embedding;
* :mod:`.model` — the model as plain arrays (one logistic regression per output) and the decision rule;
* :mod:`.tagger` — :class:`CategoryTagger` (``CategoryTagger.load()``; ``predict``) and :func:`tag_snippets`.

The model is trained outside the package, by ``training/tagger.py`` (``scripts/train_tagger.py``); a build only
loads ``data/tagging/``. Where a newcomer adds a category: see docs/architecture.md.
"""

from __future__ import annotations

from .features import CueMatcher
from .model import OUTPUTS, DecisionRule, LinearModel
from .tagger import CategoryTagger, TaggingSettings, TagResult, tag_snippets

__all__ = ["CategoryTagger", "CueMatcher", "DecisionRule", "LinearModel", "OUTPUTS", "TagResult", "TaggingSettings",
           "tag_snippets"]
