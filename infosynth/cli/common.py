"""What every command shares: the ``infosynth`` group, exit codes and the config/notes-folder checks.

Exit codes: 0 success (warnings allowed), 1 warnings under ``--strict`` (or an evaluation below its bar),
2 usage errors, a bad config, nothing to build, an output folder that cannot be used or a failing template,
3 the outputs could not be written (disk full, a write error) or, with ``--no-wait``, another build holds the
output folder.
"""

from __future__ import annotations

from pathlib import Path

import click

EXIT_WARNINGS = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3


class UsageError(click.ClickException):
    exit_code = EXIT_USAGE


class OutputError(click.ClickException):
    exit_code = EXIT_OUTPUT


def echo_warnings(warnings, quiet: bool = False) -> None:
    if quiet:
        return
    for w in warnings:
        click.secho(f"warning: {w}", fg="yellow", err=True)


def load_config_or_exit(config_path: Path | None, notes_dir: Path | None, show_warnings: bool = True):
    """The config for a command; a broken one is a usage error naming the file. Its unknown sections and keys are
    printed as warnings (``build`` reports them with the other build warnings instead)."""
    from ..config import ConfigError, config_warnings, load_config

    try:
        cfg = load_config(config_path, notes_dir)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if show_warnings:
        echo_warnings(config_warnings(cfg))
    return cfg


def notes_folder_or_exit(notes_dir: Path | None, cfg) -> Path:
    """NOTES_DIR, else the config's `notes`, else ./notes; it must be an existing folder."""
    folder = notes_dir or cfg.notes_dir or Path("notes")
    if not folder.exists():
        raise UsageError(f"notes folder {folder} does not exist (pass NOTES_DIR, or run `infosynth init`)")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder (pass the folder that holds your notes)")
    from ..ingest.discover import OUTPUT_MARKER

    if (folder / OUTPUT_MARKER).is_file():  # its report.md would be read as a note
        raise UsageError(f"{folder} is an infosynth output folder, not a notes folder (pass the folder that holds "
                         f"your notes)")
    return folder


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="infosynth")
def cli() -> None:
    """Turn informational-interview notes into insight and a plan.

    Drop markdown notes into a folder, run `infosynth build NOTES_DIR`, open reports/report.html.
    """


