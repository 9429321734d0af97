"""``infosynth init``: a commented ``infosynth.toml`` and a notes folder with one example note."""

from __future__ import annotations

from pathlib import Path

CONFIG_TEMPLATE = '''\
# infosynth settings. Every section and key is optional; delete what you do not need.
# Run `infosynth build` in this folder to read notes/ and write reports/.

[build]
notes = "notes"          # folder with your interview notes (*.md, searched recursively)
out = "reports"          # where report.html, report.md, report.json and the CSV files go

[profile]
# Who you are and where you want to go: the growth plan is measured against this. Replace the examples.
name = "Your Name"
# Goals or hypotheses to test; each one is checked against what interviewees said (support / challenge).
goals = [
    "Find out whether my project-coordination experience transfers to operations roles",
    "Test whether a certificate is needed to get a first interview",
]
# Roles you are exploring; skills valued by people in these roles count more in the skill gaps.
target_roles = ["Operations Manager", "Project Manager"]
# Skills you already have (any common spelling: "spreadsheets" means Excel). They are never listed as gaps.
current_skills = ["Excel", "scheduling", "customer service", "public speaking"]
horizon_quarters = 4     # how many quarters the growth plan covers
hours_per_week = 5       # time you can give; no quarter is planned beyond hours_per_week x 13
# start = "2027-01-01"   # first quarter of the plan; default: the next quarter

[sharing]
# Words and names that never appear in a shared report (`infosynth build --share`), e.g. your employer.
never_share = []
# share_default = true   # notes without a `share:` key in their front matter may be shared
quotes_default = true    # false: notes without `quotes:` count in tallies but their words are never shown

[followups]
cadence_days = 90        # suggest getting back in touch with anyone you have not contacted for this long
# thank_you_days = 2     # a thank-you is due this many days after an interview
# request_days = 7       # chase an interview request after this many days without an answer

[tagging.cues]
# Extra words that mark a category, added to the built-in cues. Categories: roles, skills, day-to-day, culture.
# skills = ["board certification", "licensure"]
# culture = ["union", "shift swap"]

[skills.extra]
# Skills the built-in lexicon does not know, or more ways to write one it does: canonical name = [aliases].
# "Articulate 360" = ["articulate rise", "rise 360"]
# "SQL" = ["bigquery"]

[plan]
# Your own actions for the growth plan; they replace the built-in one for that skill (or kind of skill).
# Keys: skill or kind, action, hours, metric, type (course | project | volunteer | shadowing | interview).
# [[plan.extra_actions]]
# skill = "SQL"
# action = "Take the evening SQL class at the public library"
# hours = 24
# metric = "class finished; three queries written for a real question at work"
#
# Your own questions for upcoming interviews; give a category to ask them when that category is thin.
# [[plan.extra_questions]]
# question = "How do you decide what not to do in a busy week?"
# category = "day-to-day"

# [themes]
# granularity = 1.0      # above 1: more, smaller themes; below 1: fewer, broader ones

# [report]
# templates = "templates"  # a folder whose Jinja templates override the built-in ones
'''

EXAMPLE_NOTE = '''\
---
person: Morgan Example
role: Operations Manager
organization: Example Logistics
date: 2026-01-15
tags: [operations, logistics]
share: true
quotes: true
status: thanked
---
# Coffee with Morgan (example note: replace with your own)

Write notes however you like: bullets, short paragraphs, headings. Each bullet or sentence becomes a snippet
that infosynth tags, groups into themes and links back to this file and line.

## Background
- Started as a dispatcher, then became an operations coordinator after two years.
- Moved from coordinator to operations manager when the warehouse opened a second shift.

## Typical week
- Mondays are planning: staffing for the week, open orders, anything stuck at customs.
- Most of the day is spent in spreadsheets and the warehouse system, plus two stand-ups with the shift leads.

## Skills
- Hiring managers want to see Excel and some SQL for pulling reports.
- She wishes she had learned project management basics earlier; she learned budgeting the hard way.
- A certification is nice to have but nobody asked about it in her interviews.

## Culture
- The team is small and people cover for each other; decisions get made fast, in the hallway.
- Busy season means long weeks in November and December, quiet in January.

## Follow-up
- Send a thank-you note. #followup
- She offered to introduce me to a project manager at a partner company.
'''


def write_starter(directory: Path | str) -> list[Path]:
    """Write ``infosynth.toml`` and ``notes/example-interview.md`` under ``directory``; return their paths.

    Never overwrites: if either file exists, nothing is written and ``FileExistsError`` names it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.relative_to(folder).as_posix() for p in write_starter(folder)]
    ['infosynth.toml', 'notes/example-interview.md']
    >>> write_starter(folder)
    Traceback (most recent call last):
    ...
    FileExistsError: ... already exists
    """
    directory = Path(directory)
    files = {
        directory / "infosynth.toml": CONFIG_TEMPLATE,
        directory / "notes" / "example-interview.md": EXAMPLE_NOTE,
    }
    for path in files:
        if path.exists():
            raise FileExistsError(f"{path} already exists")
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite a file made meanwhile
            handle.write(text)
        written.append(path)
    return written
