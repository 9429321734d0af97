"""Consent per note, read so that it fails closed.

A note decides what it may give to a shared copy with two front-matter keys: ``share`` (may the note appear at
all) and ``quotes`` (may its words be shown). Anything short of a clear answer keeps the note's words private:

* front matter that cannot be read (invalid YAML, never closed, not key: value pairs) withholds the note;
* the keys are read in any case (``Share: false``);
* a value that is not a clear yes or no (``share: private``, ``quotes: ask first``, ``share:``) withholds;
* a key that looks meant as one of them (``shared: false``, ``consent: no``, ``private: true``) is reported,
  and counts as a refusal unless its value clearly allows sharing.

A line can also say it was off the record ("asked me to keep this between us", a section headed "Off the
record"): :func:`said_off_the_record` finds it, and its words are withheld like those of a note without quotes.

Every such case gives a remark that becomes a build warning naming the file. This module imports nothing heavy:
notes are read in worker processes that call it once per note.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KEYS = ("share", "quotes")
# The note's own privacy remarks: "off the record", "asked me to keep this between us", "not for sharing",
# "asked me not to quote him". Broad on purpose ("confidential" anywhere): a false hit withholds one line.
OFF_THE_RECORD = re.compile(
    r"\b(?:not to (?:quote|share|name|repeat)|between (?:us|you and me)|off the record|confidential|in confidence|"
    r"not for sharing|(?:do not|don'?t) (?:share|quote|repeat)|asked me to keep|keep (?:this|it|that) "
    r"(?:private|quiet))\b",
    re.I,
)
_YES = frozenset({"true", "yes", "y", "on", "1", "ok", "okay"})
_NO = frozenset({"false", "no", "n", "off", "0", "never", "none"})
# Keys people write when they mean one of ours: the consent they speak for, and whether "yes" means "do not".
_NEAR_MISSES = {
    "shared": ("share", False), "sharing": ("share", False), "shareable": ("share", False),
    "sharable": ("share", False), "consent": ("share", False), "consented": ("share", False),
    "public": ("share", False), "publish": ("share", False), "can_share": ("share", False),
    "ok_to_share": ("share", False), "share_ok": ("share", False), "shares": ("share", False),
    "private": ("share", True), "confidential": ("share", True), "no_share": ("share", True),
    "noshare": ("share", True), "do_not_share": ("share", True), "dont_share": ("share", True),
    "not_for_sharing": ("share", True),
    "quote": ("quotes", False), "quotable": ("quotes", False), "quoting": ("quotes", False),
    "quotes_ok": ("quotes", False), "can_quote": ("quotes", False), "ok_to_quote": ("quotes", False),
    "no_quotes": ("quotes", True), "do_not_quote": ("quotes", True), "dont_quote": ("quotes", True),
    "off_the_record": ("quotes", True), "off_record": ("quotes", True),
}
_WHAT = {"share": "the note", "quotes": "its words"}


@dataclass(frozen=True)
class Consent:
    """What a note's front matter says: ``True``/``False``, or ``None`` when it does not say (the
    ``[sharing]`` defaults of ``infosynth.toml`` then apply). ``remarks`` explain every refusal that was not
    written plainly, for the build's warnings."""

    share: bool | None = None
    quotes: bool | None = None
    remarks: tuple[str, ...] = ()


def read_consent(meta: Mapping[str, Any], *, readable: bool = True) -> Consent:
    """The consent a note's front matter gives. ``readable=False``: it had front matter that could not be read.

    >>> read_consent({"Share": False}).share, read_consent({"share": "yes"}).share, read_consent({}).share
    (False, True, None)
    >>> read_consent({"share": "private"})
    Consent(share=False, quotes=None, remarks=("share: 'private' is not yes or no; the note is withheld from shared copies",))
    """
    if not readable:
        return Consent(False, False, ("withheld from shared copies: its front matter cannot be read, so neither can "
                                      "its share/quotes consent",))
    said: dict[str, bool] = {}
    remarks: list[str] = []

    def refuse(key: str, remark: str) -> None:
        said[key] = False
        remarks.append(remark)

    for raw_key, value in meta.items():
        key = _normal_key(raw_key)
        shown = f"{raw_key}: {_shown(value)}"
        if key in KEYS:
            answer = _yes_no(value)
            if answer is None:
                refuse(key, f"{shown} is not yes or no; {_WHAT[key]} {_withheld(key)}")
            elif key in said and said[key] != answer:
                refuse(key, f"{key} is given twice with different answers; {_WHAT[key]} {_withheld(key)}")
            else:
                said[key] = said.get(key, True) and answer
            continue
        near = _near_miss(key)
        if near is None:
            continue
        target, negated = near
        answer = _yes_no(value)
        allows = answer is not None and answer != negated
        if allows:
            remarks.append(f"{shown} is not read (the key is {target}: true/false); ignored")
        else:
            refuse(target, f"{shown} read as {target}: false (the key is {target}); {_WHAT[target]} "
                           f"{_withheld(target)}")
    return Consent(said.get("share"), said.get("quotes"), tuple(remarks))


def apply_defaults(note: Any, share_default: bool, quotes_default: bool) -> None:
    """Resolve what a note does not say with the configured defaults.

    A note whose front matter could not be read was already refused when it was parsed (its ``meta`` is empty,
    so it says nothing here): a default can only keep a refusal, never lift it.
    """
    said = read_consent(note.meta)
    if said.share is None:
        note.share = bool(note.share and share_default)
    if said.quotes is None:
        note.quotes = bool(note.quotes and quotes_default)


def _withheld(key: str) -> str:
    return "is withheld from shared copies" if key == "share" else "are withheld from shared copies"


def consent_key(key: Any) -> str | None:
    """``key`` as :func:`read_consent` reads it when it is ``share``, ``quotes`` or a key meant as one of them
    ("Consent", "off the record"), else None.

    >>> consent_key("Share"), consent_key("Off the record"), consent_key("Role")
    ('share', 'off_the_record', None)
    """
    name = _normal_key(key)
    return name if name in KEYS or _near_miss(name) else None


def _normal_key(key: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _near_miss(key: str) -> tuple[str, bool] | None:
    if key in _NEAR_MISSES:
        return _NEAR_MISSES[key]
    close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.8)  # typos: "shaer", "qoutes"
    return (close[0], False) if close else None


def _yes_no(value: Any) -> bool | None:
    """True or False for a clear answer, None for anything else (empty, a word, a list, a date)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    text = str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def said_off_the_record(text: str, heading: str = "") -> bool:
    """True for a line that carries a privacy remark, or that sits under a heading that does.

    >>> said_off_the_record("She is leaving in spring and asked me to keep this between us.")
    True
    >>> said_off_the_record("Two of the supervisors are leaving.", "Off the record"), said_off_the_record("Shifts are long.")
    (True, False)
    """
    return bool(OFF_THE_RECORD.search(text) or heading and OFF_THE_RECORD.search(heading))
