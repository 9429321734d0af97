"""Rendering: report.html / report.md / report.json and the CSV exports of a Synthesis.

Every template receives the same plain context built by :func:`~infosynth.report.context.report_context` (lists of dicts, strings and
numbers, no DataFrames), so a user's own template needs no pandas knowledge. Chart data is computed here and drawn
in HTML and CSS by ``templates/partials/charts.html.j2`` (labels and numbers stay text, readable on a phone); all
text goes through Jinja's autoescaping (HTML) or :func:`md_escape` (Markdown). The short page for a mentor is
:mod:`infosynth.report.mentor`.

>>> from infosynth.report.environment import md_escape
>>> md_escape("<b>[link](x)</b> *bold*")
'\\\\<b\\\\>\\\\[link\\\\](x)\\\\</b\\\\> \\\\*bold\\\\*'
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import TYPE_CHECKING

from .context import report_context, report_data
from .environment import cache_dir_for, render_page, tidy_markdown
from .export import Columns, FileSet, csv_bytes, json_bytes

if TYPE_CHECKING:

    from ..synthesis import Synthesis


# ------------------------------------------------------------------------------------------ environments


# --------------------------------------------------------------------------------------------- filters


# -------------------------------------------------------------------------------------------- pipeline


# ------------------------------------------------------------------------------------------- takeaways


# ---------------------------------------------------------------------------------------------- charts


# ---------------------------------------------------------------------------------------------- tables


# --------------------------------------------------------------------------------------------- context


# ---------------------------------------------------------------------------------------------- output


def write_outputs(syn: "Synthesis", out_dir: Path, share: bool = False, templates: Path | None = None) -> list[Path]:
    """Write report.html/.md/.json and the CSVs into ``out_dir``; with ``share`` also an anonymised copy.

    The anonymised copy goes to ``out_dir/shared/`` (rendered by the same templates, plus ``mentor.html``, the short
    read of :mod:`infosynth.report.mentor`) and the record of what was redacted to ``out_dir/redaction-log.csv``, outside
    the folder that gets sent. Every file is written in full before any replaces its previous version, so a failure
    (a template, a full disk) leaves the previous set as it was. ``out_dir`` is held for the duration (see
    :func:`infosynth.report.outdir.claim_output`).
    """
    from .environment import check_templates_folder
    from .outdir import claim_output

    check_templates_folder(templates)
    out_dir = Path(out_dir)
    with claim_output(out_dir, getattr(syn, "notes_dir", None)), _collector_paused(), FileSet() as files:
        order = _stage_set(syn, out_dir, templates, files)
        if share:
            from ..sharing.shared_copy import share_copy
            from .mentor import render_mentor

            shared, log = share_copy(syn)
            files.add(out_dir / "redaction-log.csv", csv_bytes(log))
            order += [out_dir / "redaction-log.csv"] + _stage_set(shared, out_dir / "shared", templates, files)
            mentor = out_dir / "shared" / "mentor.html"  # the five-minute read
            files.add(mentor, render_mentor(shared, templates))
            order.append(mentor)
        return files.commit(order)


CSV_FRAMES = ("notes", "snippets", "themes", "skills", "gaps", "plan")
# The pages of every output set, private and shared alike: (file, template, Markdown?). A page added here is
# rendered into shared/ too, from the scrubbed Synthesis.
PAGES: tuple[tuple[str, str, bool], ...] = (
    ("report.md", "report.md.j2", True),
    ("report.html", "report.html.j2", False),  # last, so that it is on disk only once the rest is
)


def _stage_set(syn: "Synthesis", out_dir: Path, templates: Path | None, files: FileSet) -> list[Path]:
    """Format one set of outputs into ``files``; the order to put them in place (report.html last)."""
    context = report_context(syn)
    frames = {name: Columns(getattr(syn, name)) for name in CSV_FRAMES}  # one factorisation for CSV and JSON
    # report.json takes its themes from the context (with their quotes), not from the themes frame
    data = report_data(syn, context, frames={k: v for k, v in frames.items() if k != "themes"})
    cache_dir = cache_dir_for(syn)
    # the biggest file first, so that it is on disk by the time the rest is formatted
    files.add(out_dir / "report.json", json_bytes(data))
    for name in sorted(CSV_FRAMES, key=lambda name: name != "snippets"):
        files.add(out_dir / f"{name}.csv", csv_bytes(frames[name]))
    for name, template, markdown in PAGES:
        text = render_page(templates, markdown, cache_dir, template, context)
        files.add(out_dir / name, tidy_markdown(text) if markdown else text)
    order = [f"{name}.csv" for name in CSV_FRAMES] + ["report.json"] + [name for name, _, _ in PAGES]
    return [out_dir / name for name in order]


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector while rendering.

    A render makes a few hundred thousand short-lived dicts and strings; each full collection on the way walks
    every object of the Synthesis too, which at a thousand notes costs more than a tenth of a second in all.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
