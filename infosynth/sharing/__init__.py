"""Sharing a build with a mentor: consent that fails closed, and names that stay private.

* :mod:`.consent` — what each note's front matter allows (``share``, ``quotes``), read so that anything
  unclear withholds;
* :mod:`.shared_copy` — :func:`share_copy`: the analysis of the notes that may be shared, by the build's own
  stages, then scrubbed into new records;
* :mod:`.scrub` — the :class:`Scrubber` every shown string goes through;
* :mod:`.names` — finding other people and organisations in running text;
* :mod:`.words` — the word lists that tell a name from an ordinary word.

``infosynth.privacy`` re-exports the public names.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Consent": "consent", "read_consent": "consent", "apply_defaults": "consent",
    "share_copy": "shared_copy", "consented_analysis": "shared_copy", "letter_code": "shared_copy",
    "Scrubber": "scrub", "WITHHELD": "scrub", "REDACTED": "scrub",
    "Detected": "names", "detect_names": "names", "detect_names_ner": "names", "split_people": "names",
    "first_names": "words", "last_names": "words", "is_english": "words", "is_stop": "words",
    "main_part": "words", "name_key": "words",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:  # the consent module is read per note in worker processes: import lazily
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
