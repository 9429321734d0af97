"""infosynth: turn informational-interview notes into tagged insight, recurring themes and a growth plan.

>>> import infosynth                                # doctest: +SKIP
>>> syn = infosynth.build("sample_notes")           # doctest: +SKIP
>>> syn.themes[["label", "n_interviews"]]           # doctest: +SKIP
>>> syn.render("reports")                           # doctest: +SKIP

Heavy libraries (spaCy, scikit-learn, pandas) load only when a build needs them, so importing the package and
the command line's ``--help`` stay instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = ["build", "load_config", "Synthesis", "Config", "Profile", "NotesFolderError", "__version__"]

if TYPE_CHECKING:
    from .config import Config, Profile, load_config
    from .pipeline import NotesFolderError, build
    from .synthesis import Synthesis

_LAZY = {
    "build": "pipeline",
    "NotesFolderError": "pipeline",
    "load_config": "config",
    "Config": "config",
    "Profile": "config",
    "Synthesis": "pipeline",  # with its conveniences (render, recluster) attached
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'infosynth' has no attribute {name!r}")
