"""Commands for the relationship side: contacts, followups, thank-you, outreach.

``contacts`` and ``followups`` read front matter only and never import spaCy, scikit-learn or pandas, so they
answer instantly; ``thank-you`` loads the language pipeline to pick takeaways.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..text import current_date
from .common import UsageError, cli, echo_warnings, load_config_or_exit, notes_folder_or_exit

TODAY_HELP = "Date to compute what is due on, YYYY-MM-DD (default: today)."


def _merged(warnings) -> list:
    """One warning per file: everything said about a file joined on one line."""
    from ..models import BuildWarning

    by_path: dict[str, list[str]] = {}
    for w in warnings:
        by_path.setdefault(w.path, [])
        if w.message not in by_path[w.path]:
            by_path[w.path].append(w.message)
    return [BuildWarning(path, "; ".join(messages)) for path, messages in by_path.items()]


def _read(notes_dir: Path | None, config_path: Path | None):
    from ..relationships.contacts import read_contact_notes

    cfg = load_config_or_exit(config_path, notes_dir)
    folder = notes_folder_or_exit(notes_dir, cfg)
    warnings: list = []
    notes = read_contact_notes(folder, warn=warnings.append)
    return cfg, folder, notes, warnings


def _write_csv(rows: list[dict[str, str]], columns, target: str) -> bool:
    """Write the CSV to ``target`` (a file, or stdout for ``-``); True when stdout got it and nothing else
    should be printed."""
    import csv
    import io

    from ..report.export import atomic_write, neutralise_cell

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: neutralise_cell(v) for k, v in row.items()} for row in rows)
    if target == "-":
        click.echo(buffer.getvalue(), nl=False)
        return True
    atomic_write(Path(target), buffer.getvalue())
    click.echo(f"wrote {target}", err=True)
    return False


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


def _today(value) -> dt.date:
    return value.date() if value else current_date()


@cli.command("contacts")
@click.argument("notes_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--csv", "csv_target", metavar="FILE|-", help="Also write the table as CSV to FILE ('-': only CSV, to stdout).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help=TODAY_HELP)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to infosynth.toml.")
def contacts_command(notes_dir, csv_target, today, config_path) -> None:
    """Everyone in NOTES_DIR: role, organisation, status, last contact and the next step.

    Reads front matter only (status, status_date or per-status dates, date, next_followup, last_contact);
    a note with nothing but front matter is a contact too. NOTES_DIR defaults to the `notes` setting of
    infosynth.toml, else ./notes.

    Example:

        infosynth contacts sample_notes --csv contacts.csv
    """
    from ..relationships.contacts import CONTACT_COLUMNS, as_rows, contacts, pipeline_counts

    cfg, folder, notes, warnings = _read(notes_dir, config_path)
    records = contacts(notes, _today(today), cfg, warn=warnings.append)
    echo_warnings(_merged(warnings))
    if csv_target and _write_csv(as_rows(records, CONTACT_COLUMNS), CONTACT_COLUMNS, csv_target):
        return
    if not records:
        click.echo(f"No notes in {folder}.")
        return
    from rich.table import Table

    table = Table(title=f"Contacts in {folder}", title_justify="left", show_lines=False)
    for column in ("Person", "Role", "Organisation", "Status", "Last contact", "Next step"):
        table.add_column(column, overflow="fold")
    for c in records:
        status = c.status or f"[dim]({c.stage})[/dim]"
        table.add_row(c.person, c.role, c.organization, status, _date(c.last_contact), c.next_step)
    console = _console()
    console.print(table)
    counts = pipeline_counts(notes)
    console.print("Pipeline: " + " → ".join(f"{stage} {n}" for stage, n in counts.items()), highlight=False)
    if any(not c.status for c in records):
        console.print("[dim](unknown): the note has no status; add one (planned, requested, scheduled, done, "
                      "thanked) to track it.[/dim]")


@cli.command("followups")
@click.argument("notes_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help=TODAY_HELP)
@click.option("--csv", "csv_target", metavar="FILE|-", help="Also write the list as CSV to FILE ('-': only CSV, to stdout).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to infosynth.toml.")
def followups_command(notes_dir, today, csv_target, config_path) -> None:
    """What is due: thank-yous, unanswered requests, planned follow-ups, people not contacted for a while.

    Most overdue first. Intervals come from [followups] in infosynth.toml: thank_you_days (2),
    request_days (7), cadence_days (90). NOTES_DIR defaults to the `notes` setting of infosynth.toml,
    else ./notes.

    Example:

        infosynth followups sample_notes --today 2026-11-26
    """
    from ..relationships.contacts import FOLLOW_UP_COLUMNS, as_rows, due_followups

    cfg, folder, notes, warnings = _read(notes_dir, config_path)
    day = _today(today)
    due = due_followups(notes, day, cfg, warn=warnings.append)
    echo_warnings(_merged(warnings))
    if csv_target and _write_csv(as_rows(due, FOLLOW_UP_COLUMNS), FOLLOW_UP_COLUMNS, csv_target):
        return
    if not due:
        click.echo(f"Nothing due on {day}: {len(notes)} note{'s' * (len(notes) != 1)} in {folder}, all up to date.")
        return
    from rich.table import Table

    console = _console()
    tracked = [f for f in due if not f.untracked]
    untracked = [f for f in due if f.untracked]
    for rows, title in (
        (tracked, f"Due on {day} ({len(tracked)})"),
        (untracked, f"Notes without a status ({len(untracked)})"),
    ):
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for column in ("Person", "Due", "Since", "Overdue", "Suggested next step"):
            table.add_column(column, overflow="fold")
        for f in rows:
            overdue = "today" if f.days_overdue == 0 else f"{f.days_overdue} day{'s' * (f.days_overdue != 1)}"
            step = f.next_step.replace(f'"{f.path}"', f'"{folder / f.path}"')  # runnable from here
            table.add_row(f.person, f"{f.kind}: {f.what}", f.since.isoformat(), overdue, step)
        console.print(table)
    if untracked:
        console.print("[dim]Add a status (and status_date) to those notes, e.g. `status: thanked`, to track them "
                      "precisely.[/dim]")


def _notes_dir_for(note: Path, cfg_notes_dir: Path | None) -> Path:
    """The folder a note belongs to: the nearest folder up with infosynth.toml, else the configured one, else its own."""
    from ..config import CONFIG_NAME

    here = note.resolve().parent
    for folder in (here, *list(here.parents)[:4]):
        if (folder / CONFIG_NAME).is_file():
            return folder
    if cfg_notes_dir and cfg_notes_dir.resolve() in note.resolve().parents:
        return cfg_notes_dir
    return note.parent


@cli.command("thank-you")
@click.argument("note", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--notes-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of notes to compare against (default: the folder with infosynth.toml above NOTE).")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of templates overriding the built-in ones.")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), help="Write the draft to a file instead of the screen.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to infosynth.toml.")
def thank_you_command(note, notes_dir, templates, out_path, config_path) -> None:
    """Draft a thank-you for the interview in NOTE, citing 2-3 specific takeaways from it.

    Takeaways are the note's most distinctive snippets against the other notes (advice and concrete points
    first); a follow-up the person suggested and an offer to help with their project are added when the note
    mentions them. The lines it drew on are listed on stderr so you can check them.

    Example:

        infosynth thank-you "sample_notes/2026-11-24-camila-ortiz-ux.md"
    """
    from ..relationships.thank_you import draft_thank_you

    cfg = load_config_or_exit(config_path, notes_dir or _notes_dir_for(note, None))
    folder = notes_dir or _notes_dir_for(note, cfg.notes_dir)
    warnings: list = []
    try:
        draft = draft_thank_you(note, folder, cfg, templates or cfg.templates_dir, warn=warnings.append)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{note}: {exc}" if str(note) not in str(exc) else str(exc)) from None
    except Exception as exc:  # a broken user template: say which file, not a traceback
        if type(exc).__module__.startswith("jinja2"):
            raise UsageError(f"thank_you.md.j2 in {templates or cfg.templates_dir}: {exc}") from None
        raise
    echo_warnings(_merged(warnings))
    if draft.note.status == "thanked":
        click.secho(f"note: {note} already has status 'thanked'; drafting anyway", fg="yellow", err=True)
    elif draft.note.status in ("planned", "requested", "scheduled"):
        click.secho(f"note: {note} has status '{draft.note.status}': has the interview happened?", fg="yellow", err=True)
    if out_path:
        from ..report.export import atomic_write

        atomic_write(out_path, draft.text)
        click.echo(f"wrote {out_path}", err=True)
    else:
        click.echo(draft.text, nl=False)
    sources = [f"line {t.line}" for t in draft.takeaways] + [f"line {m.line}" for m in draft.follow_ups + draft.offers]
    if sources:
        click.secho(f"drawn from {draft.note.path}: {', '.join(sources)}", dim=True, err=True)
    if len(draft.takeaways) < 2:
        click.secho("note: fewer than 2 takeaways found; add one by hand", fg="yellow", err=True)


@cli.command("outreach")
@click.option("--name", required=True, help="Who you are writing to.")
@click.option("--role", required=True, help="Their role, e.g. 'UX Researcher'.")
@click.option("--org", "organization", default="", help="Their organisation.")
@click.option("--reference", default="", help="How you know of them, e.g. 'Priya Natarajan suggested I get in touch'.")
@click.option("--purpose", default="", help="One sentence on why you are asking, e.g. 'I teach science and I'm exploring UX research'.")
@click.option("--minutes", default=20, show_default=True, type=click.IntRange(5, 60), help="Length of the call you ask for.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of templates overriding the built-in ones.")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), help="Write the draft to a file instead of the screen.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to infosynth.toml.")
@click.option("--notes-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Notes folder whose infosynth.toml signs the draft (default: found from here).")
def outreach_command(name, role, organization, reference, purpose, minutes, templates, out_path, config_path,
                     notes_dir) -> None:
    """Draft a request for a short informational interview.

    Purpose, personal reference, a time-boxed ask and how the insight will be used; signed with the
    [profile] name of infosynth.toml: the one given with --config, else the notes folder's (--notes-dir,
    else ./notes), else the current folder's, else the one notes folder below the current folder that has one.

    Example:

    \b
        infosynth outreach --name "Fatima Haddad" --role "Staff UX Researcher" \\
            --org "Orbital Maps" --reference "Priya Natarajan suggested I get in touch"
    """
    from ..relationships.outreach import render_outreach

    cfg = _sender_config(config_path, notes_dir)
    try:
        text = render_outreach(
            name, role, organization, reference, purpose, cfg.profile.name, minutes, templates or cfg.templates_dir
        )
    except Exception as exc:
        if type(exc).__module__.startswith("jinja2"):
            raise UsageError(f"outreach.md.j2 in {templates or cfg.templates_dir}: {exc}") from None
        raise
    if out_path:
        from ..report.export import atomic_write

        atomic_write(out_path, text)
        click.echo(f"wrote {out_path}", err=True)
    else:
        click.echo(text, nl=False)


def _sender_config(config_path: Path | None, notes_dir: Path | None):
    """The config whose [profile] name signs an outreach draft, looked up from the notes folder or from here.

    Run from the folder above a notes folder (``infosynth outreach`` next to ``sample_notes/``), the only
    ``infosynth.toml`` one level down is the user's.
    """
    from ..config import CONFIG_NAME

    default_notes = Path("notes") if Path("notes").is_dir() else None
    cfg = load_config_or_exit(config_path, notes_dir or default_notes)
    if cfg.path is None and not config_path:
        below = sorted(Path(".").glob(f"*/{CONFIG_NAME}"))
        if len(below) == 1:
            cfg = load_config_or_exit(below[0], None)
        elif below:
            click.secho(f"note: several {CONFIG_NAME} files below this folder ({', '.join(map(str, below[:3]))}); "
                        "pass --config or --notes-dir to sign with your [profile] name", fg="yellow", err=True)
    if not cfg.profile.name:
        where = cfg.path or f"no {CONFIG_NAME} found from here"
        click.secho(f"note: the draft is not signed: no [profile] name ({where}); add name = \"...\" under [profile] "
                    "or pass --config", fg="yellow", err=True)
    return cfg
