"""The analysis commands: ``build``, ``init`` and ``evaluate``."""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

import click

from .common import (
    EXIT_WARNINGS,
    OutputError,
    UsageError,
    cli,
    echo_warnings,
    load_config_or_exit,
    notes_folder_or_exit,
)


@cli.command()
@click.argument("notes_dir", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output folder (default: reports/).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to infosynth.toml.")
@click.option("--share", is_flag=True, help="Also write an anonymised copy for a mentor under OUT/shared/.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file (notes or infosynth.toml) gave a warning.")
@click.option("--no-cache", is_flag=True, help="Recompute every note instead of reusing cached results.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of templates overriding the built-in ones.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), envvar="INFOSYNTH_JOBS",
              help="Processes that analyse new or changed notes (default: one per CPU, at most 4).")
@click.option("--no-wait", is_flag=True, help="Stop (exit 3) instead of waiting when another build is writing to the output folder.")
@click.option("-v", "--verbose", is_flag=True, help="Show the time each stage took.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
def build(notes_dir, out_dir, config_path, share, strict, no_cache, templates, jobs, no_wait, verbose, quiet) -> None:
    """Read NOTES_DIR, tag snippets, find recurring themes, plan, and write the report.

    NOTES_DIR defaults to the `notes` setting of infosynth.toml, else ./notes.

    Example:

        infosynth build sample_notes --out reports --share
    """
    started = time.perf_counter()
    # A build keeps hundreds of thousands of small objects alive to the end; with the default thresholds the
    # collector rescans them over and over (about a tenth of a large build) to find almost no garbage.
    gc.set_threshold(100_000, 50, 100)
    cfg = load_config_or_exit(config_path, notes_dir, show_warnings=False)  # they come with the build's warnings
    folder = notes_folder_or_exit(notes_dir, cfg)
    out = out_dir or cfg.out_dir or Path("reports")

    from ..pipeline import NotesFolderError
    from ..pipeline import build as build_synthesis
    from ..report.environment import TemplateError, check_templates_folder, plural
    from ..report.outdir import OutputBusyError, OutputFolderError, claim_output

    bar, update = None, None
    try:
        check_templates_folder(templates or cfg.templates_dir)  # before the build, not after it
        # The output folder is checked and held before any work: a second build into it waits for this one.
        with claim_output(out, folder, wait=not no_wait, on_wait=lambda msg: click.echo(msg, err=True)):
            bar, update = _progress_callback(not quiet)
            if bar:
                bar.start()
            syn = build_synthesis(folder, cfg, cache=not no_cache, progress=update, exclude=[out],
                                  workers=jobs or min(os.cpu_count() or 1, 4))
            if update:
                update("report", 0, 1)
            render_started = time.perf_counter()
            try:
                written = syn.render(out, share=share, templates=templates or cfg.templates_dir)
            except OSError as exc:  # a full disk, a file in the way: nothing was replaced
                raise OutputError(
                    f"cannot write the report to {out} ({exc.strerror or exc}); the previous report is unchanged"
                ) from None
            syn.timings["render"] = time.perf_counter() - render_started
    except OutputBusyError as exc:
        raise OutputError(str(exc)) from None
    except (NotesFolderError, OutputFolderError, TemplateError) as exc:
        raise UsageError(str(exc)) from None
    finally:
        if bar:
            bar.stop()
    echo_warnings(syn.warnings, quiet)
    elapsed = time.perf_counter() - started
    n_notes = len(syn.note_records)
    cached = f" ({syn.cached_notes} from cache)" if syn.cached_notes else ""
    report = next((p for p in written if p.name == "report.html"), out / "report.html")
    click.echo(
        f"Read {n_notes} note{'s' * (n_notes != 1)}{cached}: {plural(len(syn.snippet_records), 'snippet')}, "
        f"{plural(len(syn.theme_records), 'recurring theme')}, {plural(len(syn.warnings), 'warning')} "
        f"in {elapsed:.1f}s → {report}"
        + (f" (shared copy in {out / 'shared'})" if share else "")
    )
    if verbose:
        click.echo("  " + ", ".join(f"{stage} {secs:.2f}s" for stage, secs in syn.timings.items()))
    # Nothing is left to collect: spare the interpreter's final collection a walk over every object the build
    # made (a third of a second after a large build).
    gc.freeze()
    if strict and syn.warnings:
        sys.exit(EXIT_WARNINGS)


@cli.command()
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Start a notes project: a commented infosynth.toml and a notes folder with an example note.

    Example:

        infosynth init my-career && infosynth build my-career/notes
    """
    from .starter import write_starter

    try:
        written = write_starter(directory)
    except FileExistsError as exc:
        raise UsageError(f"{exc}; nothing was overwritten") from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo("Next: fill in [profile] in infosynth.toml, add notes, then run `infosynth build`.")


@cli.command()
@click.argument("gold_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("notes_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Also keep the build's outputs here.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--baselines", is_flag=True, help="Also score two theme baselines on the same snippets.")
def evaluate(gold_csv: Path, notes_dir: Path, out_dir: Path | None, as_json: bool, baselines: bool) -> None:
    """Build NOTES_DIR and score its snippets against GOLD_CSV, rows you labelled by hand.

    GOLD_CSV has the columns note,text,categories,theme: the note's file name, a bullet or sentence as written
    in it, its categories joined with ";" (roles, skills, day-to-day, culture; empty for none) and a theme
    slug shared by rows from different notes that make the same point (empty for none). sample_notes/gold.csv
    is a small example over the shipped sample notes; copy its layout for your own notes.

    Example:

        infosynth evaluate sample_notes/gold.csv sample_notes --baselines
    """
    import json
    import tempfile

    from ..evaluation import GoldFileError, format_scores, read_gold, score_build
    from ..pipeline import NotesFolderError
    from ..pipeline import build as build_synthesis
    from ..report.environment import TemplateError
    from ..report.outdir import OutputBusyError, OutputFolderError, check_output_folder, claim_output

    try:
        # A gold file or an output folder that cannot be used stops the command before the build, not after it.
        read_gold(gold_csv)
        if out_dir is not None:
            check_output_folder(out_dir, notes_dir)
        syn = build_synthesis(notes_dir, cache=False, exclude=[out_dir] if out_dir else None)
        with tempfile.TemporaryDirectory() as tmp:
            out = out_dir or Path(tmp)
            try:
                with claim_output(out, notes_dir, on_wait=lambda msg: click.echo(msg, err=True)):
                    syn.render(out)
            except OSError as exc:  # a full disk, a file in the way
                raise OutputError(f"cannot write the build's outputs to {out} ({exc.strerror or exc})") from None
            result = score_build(gold_csv, out / "snippets.csv", syn if baselines else None)
    except OutputBusyError as exc:
        raise OutputError(str(exc)) from None
    except (GoldFileError, NotesFolderError, OutputFolderError, TemplateError) as exc:
        raise UsageError(str(exc)) from None
    click.echo(json.dumps(result, indent=2) if as_json else format_scores(result))


def _progress_callback(enabled: bool):
    """A rich progress bar on a terminal; nothing otherwise (logs and pipes stay clean)."""
    if not enabled or not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=True, console=None,
    )
    tasks: dict[str, TaskID] = {}
    labels = {"notes": "reading notes", "themes": "finding themes", "plan": "planning", "report": "writing report"}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return bar, update
