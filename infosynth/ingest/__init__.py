"""Ingest: the notes folder → :class:`~infosynth.models.Note` records with provenance-carrying snippets.

* :mod:`.discover` — finding the notes in a folder and reading their bytes as text (the one place that walks it);
* :mod:`.frontmatter` — the YAML front matter, read with bounded memory;
* :mod:`.markdown` — markdown → blocks (headings, paragraphs, list items, tables, quotes);
* :mod:`.snippets` — blocks → snippets: sentences, Q&A, logistics, hashtags;
* :mod:`.notes` — :func:`parse_note` and :func:`read_note`, which put these together;
* :mod:`.people` — who a note is with, as the report names them, and their role from the note's first lines.

Nothing here imports a later stage.
"""
