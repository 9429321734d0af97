"""Themes: ideas several interviewees raised independently.

* :mod:`.cards` — :class:`Theme`, the card a theme shows, its quotes, and how it is kept between builds;
* :mod:`.codebook` — the shipped codebook of known themes and its vector index;
* :mod:`.finder` — :class:`ThemeFinder`: anchoring snippets to the codebook, discovering the rest, merging;
* :mod:`.labels` — naming a discovered theme by its key phrases;
* :mod:`.trends` — when a theme was raised, and whether it is rising.

The clustering primitives are in :mod:`infosynth._fast.cluster`; tokens, stop words and lemmas in
:mod:`infosynth.text`.
"""
