"""The skill lexicon covers the core skills of many fields, and its rows from ESCO stay short and precise."""

from __future__ import annotations

import csv
import re

import pytest

from infosynth.analysis.extract.skills import extract_skills
from infosynth.lexicon import LEXICON_DIR


def skills_in(text: str) -> set[str]:
    return {m.skill for m in extract_skills([{"note": "n.md", "line": 1, "text": text}])}


# One sentence per line of work, each naming the core skill of that work.
FIELD_SENTENCES = [
    ("Our metro reporter said news writing on deadline is the heart of the job.", "news writing"),
    ("The copy desk chief said proofreading your own story before it goes out is a must.", "proofreading"),
    ("The charge nurse said patient care always comes before the charting.", "patient care"),
    ("She moved into hospice work and says palliative care is where she learned the most.", "palliative care"),
    ("In the first audit season, substantive testing of receivables took most of her time.", "substantive testing"),
    ("The electrician said apprentices spend year one on electrical installation in new houses.",
     "electrical installation"),
    ("The apprentice mason spends most days on bricklaying and some on plastering.", "bricklaying"),
    ("The sous chef said food safety is the first thing a new cook is tested on.", "food safety"),
    ("The lab manager said good laboratory practice is drilled into every new technician.",
     "good laboratory practice"),
    ("He said a solid grounding in criminal law is what the public defender's office looks for.", "criminal law"),
    ("The city planner said urban planning was the degree that opened the door.", "urban planning"),
    ("The budget officer said public finance is what every analyst in the office ends up learning.",
     "public finance"),
    ("The probation officer said studying criminology helped her read case files.", "criminology"),
    ("The midwife said newborn care takes up most of the first week after a birth.", "newborn care"),
    ("The roofer said roofing in winter is brutal but the overtime pays well.", "roofing"),
]


@pytest.mark.parametrize("text, skill", FIELD_SENTENCES, ids=[s for _, s in FIELD_SENTENCES])
def test_the_core_skill_of_each_field_is_found(text, skill):
    assert skill in skills_in(text)


# Sentences where a lexicon word is a company, a statistic's source, a sector or an everyday word.
NOT_SKILLS = [
    "Proofpoint is a large cybersecurity company in Sunnyvale.",
    "He pulls BLS data on wages every month for the regional report.",
    "She worked in healthcare and then in banking before this job.",
    "The hospitality industry is tough on weekends.",
    "The tourism sector hires seasonally along the coast.",
    "They rebuilt the fencing around the sheep paddock in March.",
    "He visits his grandmother at a nursing home on Sundays.",
    "We walked past the geology building on the way to lunch.",
    "Her weekly column was highlighting new sites for older readers.",
    "Marketing at the agency is fast-paced.",
]


@pytest.mark.parametrize("text", NOT_SKILLS)
def test_no_skill_in_company_sector_or_everyday_words(text):
    assert skills_in(text) == set()


def _rows() -> list[dict[str, str]]:
    with (LEXICON_DIR / "skills.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_esco_rows_cover_many_sectors_with_short_labels():
    rows = _rows()
    esco = [r for r in rows if r["source"] == "esco"]
    assert all(re.fullmatch(r"http://data\.europa\.eu/esco/skill/[0-9a-f\-]{36}", r["esco_uri"]) for r in esco)
    sector = [r for r in esco if r["kind"] not in ("tool", "technology", "language")]
    assert len(sector) > 1000
    # Short noun phrases, never formal task phrases ("manage staff", "perform audits").
    assert all(len(r["skill"].split()) <= 3 for r in sector)
    tasks = {"manage", "operate", "perform", "maintain", "use", "develop", "ensure", "apply", "conduct", "monitor"}
    assert not [r["skill"] for r in sector if r["skill"].split()[0] in tasks]
    names = {r["skill"] for r in sector}
    for skill in ("palliative care", "criminal law", "urban planning", "bricklaying", "geology"):
        assert skill in names


def test_hand_written_rows_keep_their_names_and_gain_the_esco_identifier():
    by_name = {r["skill"]: r for r in _rows()}
    for skill in ("proofreading", "welding", "bookkeeping", "legal research"):
        assert by_name[skill]["source"] == "core"
        assert by_name[skill]["esco_uri"].startswith("http://data.europa.eu/esco/skill/")
    assert len(by_name) == len(_rows())  # one row per name
