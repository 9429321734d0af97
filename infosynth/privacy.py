"""Anonymised copies of a build for sharing with a mentor (see :mod:`infosynth.sharing`).

>>> from infosynth.privacy import share_copy   # doctest: +SKIP
>>> shared, log = share_copy(syn)              # doctest: +SKIP
"""

from __future__ import annotations

from .sharing.consent import Consent, read_consent
from .sharing.names import Detected, detect_names, detect_names_ner, split_people
from .sharing.scrub import REDACTED, WITHHELD, Scrubber
from .sharing.shared_copy import consented_analysis, letter_code, share_copy
from .sharing.words import first_names, is_english, is_stop, last_names, main_part

__all__ = [
    "Consent", "Detected", "REDACTED", "Scrubber", "WITHHELD", "consented_analysis", "detect_names",
    "detect_names_ner", "first_names", "is_english", "is_stop", "last_names", "letter_code", "main_part",
    "read_consent", "share_copy", "split_people",
]
