"""The report: a Synthesis → report.html / report.md / report.json, the CSVs, and the mentor page.

* :mod:`.render` — :func:`write_outputs`: every file of a set formatted, then put in place together;
* :mod:`.context` — what the templates see (takeaways, themes, coverage, charts);
* :mod:`.environment` — the sandboxed Jinja environment and its filters;
* :mod:`.charts` — the SVG charts' colours and shapes;
* :mod:`.mentor` — the short page for a mentor (``shared/mentor.html``);
* :mod:`.export` — atomic writes, spreadsheet-safe CSV, JSON;
* :mod:`.outdir` — claiming an output folder so that two builds never write into it at once.

The templates are ``infosynth/templates/``.
"""
