"""Extraction: skills and roles the interviewees mention, how they speak of them, and their career moves.

* :mod:`.skills` — skill and role mentions in context, the stance of each (required, valued, a gap, optional, in
  passing), and the career paths of a build;
* :mod:`.roles` — finding role titles in running text;
* :mod:`.careers` — the phrasing families of a career move ("moved from X into Y", "started as X").

The lexicons they match against are :mod:`infosynth.lexicon`.
"""
