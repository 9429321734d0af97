"""When a theme was raised: the recent window of a set of notes, and whether a theme is emerging, fading or steady."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...models import Note

if TYPE_CHECKING:
    pass


def date_of_note(note: Note | None) -> dt.date | None:
    if note is None or note.date is None:
        return None
    return note.date.date() if isinstance(note.date, dt.datetime) else note.date


def recent_window(notes: Sequence[Note]) -> dt.date | None:
    """First date of the most recent third of dated interviews; None when trends cannot be told.

    Trends need at least three dated notes on at least two different days.
    """
    dates = sorted(d for d in (date_of_note(n) for n in notes) if d is not None)
    if len(dates) < 3 or dates[0] == dates[-1]:
        return None
    cutoff = dates[len(dates) - max(1, len(dates) // 3)]
    if cutoff == dates[0]:  # most interviews on the last day: nothing is "older"
        return None
    return cutoff


def trend_of(theme_dates: list[dt.date], cutoff: dt.date | None, n_interviews: int | None = None) -> str:
    """``emerging``: all of the theme's interviews are recent; ``fading``: none is; else ``steady``.

    "Recent" is the latest third of all dated interviews (see :func:`recent_window`). ``""`` when it cannot be
    told: no dates, one dated interview, or fewer than half of the theme's ``n_interviews`` dated (notes dated
    "4/2" with no year say nothing about when a theme was raised).

    >>> june = dt.date(2024, 6, 1)
    >>> trend_of([dt.date(2024, 1, 1), dt.date(2024, 2, 1)], june), trend_of([dt.date(2024, 1, 1)], june)
    ('fading', '')
    >>> trend_of([dt.date(2024, 1, 1), dt.date(2024, 2, 1)], june, n_interviews=7)
    ''
    """
    if cutoff is None or len(theme_dates) < 2:
        return ""
    if n_interviews is not None and 2 * len(theme_dates) < n_interviews:
        return ""
    recent = sum(d >= cutoff for d in theme_dates)
    if recent == len(theme_dates):
        return "emerging"
    if recent == 0:
        return "fading"
    return "steady"
