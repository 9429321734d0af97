"""Deterministic generator of realistic note folders for benchmarks (not test data, not training data).

Each note is an informational interview of 300–1,000 words: front matter or a heading, sections or none,
bullets and prose, and a handful of ideas drawn from a shared pool so that ideas recur across notes the way
they do in real folders.

    python benchmarks/generate_notes.py OUT_DIR N [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jon", "Kira", "Leo", "Maya",
         "Nico", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Vik", "Wen", "Yara", "Zane"]
LAST = ["Abara", "Berg", "Costa", "Diaz", "Evans", "Fox", "Gupta", "Hale", "Ito", "Jensen", "Khan", "Lund",
        "Moreau", "Nakamura", "Okafor", "Park", "Quist", "Reyes", "Silva", "Tan", "Ueda", "Varga", "Wong"]
ROLES = ["data analyst", "UX researcher", "product manager", "nurse educator", "high-school teacher",
         "instructional designer", "staff accountant", "paralegal", "site electrician", "lab technician",
         "hotel operations manager", "HR business partner", "software engineer", "grant writer"]
ORGS = ["Northwind Health", "Brightline Learning", "Contoso Bank", "Fabrikam Labs", "Riverside Schools",
        "Tailspin Travel", "Litware Legal", "Proseware", "Adatum Energy", "Wide World Hotels"]

# Ideas that recur: each has several phrasings so no two notes say it the same way.
IDEAS = {
    "sql": ["SQL is the thing they test for in every interview", "spends half the day writing SQL queries",
            "wish I'd learned SQL before applying", "you need solid SQL and a bit of Excel"],
    "stakeholders": ["most of the job is explaining results to stakeholders", "stakeholder management is harder than the technical work",
                     "learned to tell a story with the numbers for execs", "presenting to leadership every other week"],
    "portfolio": ["build a portfolio with two or three case studies", "hiring managers want to see real work samples",
                  "a portfolio mattered more than the certificate", "put your projects on a simple website"],
    "meetings": ["mornings are standups and syncs, afternoons are heads-down", "too many meetings on Tuesdays",
                 "calendar is mostly back-to-back calls", "protects Friday afternoons for deep work"],
    "burnout": ["quarter end is brutal, long hours for two weeks", "burnout is real in the first year",
                "the pace is intense during audits", "overtime during peak season is expected"],
    "mentorship": ["a mentor made all the difference early on", "find someone two steps ahead of you",
                   "her manager coached her through the first promotion", "the buddy system helped onboarding"],
    "switch": ["moved from teaching into this role after eight years", "switched careers at thirty-five",
               "started in customer support, then moved over", "came from retail management"],
    "remote": ["fully remote with an office day once a month", "hybrid, three days in the office",
               "remote work makes it harder to learn from peers", "the team is spread over four time zones"],
    "learning": ["keeps learning on weekends with online courses", "the field changes every year so you keep studying",
                 "the company pays for one certification a year", "reads two industry newsletters every week"],
    "imposter": ["felt like an imposter for the first six months", "everyone feels out of their depth at first",
                 "it took a year to feel competent", "asking questions early saved her"],
    "networking": ["got the job through a referral", "informational interviews opened doors",
                   "join the local meetup and show up consistently", "LinkedIn outreach worked about one in ten times"],
    "culture": ["the team is collaborative and blameless", "decisions are made by consensus which is slow",
                "leadership is very data-driven", "people are kind but the bar is high"],
}
FILLER = [
    "We talked for about forty minutes over video.", "She was generous with her time.",
    "He laughed about the first project going sideways.", "I should read more about this before the next call.",
    "The org has grown fast in the last two years.", "They mentioned a reorg last spring.",
    "Most of the team came from other fields.", "Good conversation overall, lots to think about.",
    "The office is near the river and they have a small library.", "She recommended a couple of books.",
]
# Clauses that lengthen a bullet the way people elaborate when they have time to type.
ELABORATIONS = [
    "which surprised me because I assumed the opposite would be true in a team that size",
    "and she said it took her about a year to really get comfortable with it",
    "mostly because the people who hire for this role came up the same way themselves",
    "though he admitted it depends a lot on the manager and how mature the team is",
    "and apparently the newer hires struggle with this more than anything technical",
    "something I keep hearing in almost every one of these conversations so far",
    "which lines up with what the recruiter told me back in the spring",
    "but only if you can show it in a concrete example from your own work",
]
HEADINGS = ["Background", "Typical day", "Skills", "Culture", "Advice", "Path into the role", "Follow-up"]


def note_text(rng: random.Random, index: int) -> tuple[str, str]:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    role = rng.choice(ROLES)
    date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
    target_words = rng.randrange(300, 1000)
    ideas = rng.sample(sorted(IDEAS), k=rng.randrange(3, 7))
    parts: list[str] = []
    if rng.random() < 0.7:
        parts.append(f"---\nperson: {person}\nrole: {role}\norganization: {rng.choice(ORGS)}\ndate: {date}\n"
                     f"status: {rng.choice(['done', 'thanked', 'scheduled'])}\n---\n")
    else:
        parts.append(f"# Coffee with {person}\n")
    words = 0
    sectioned = rng.random() < 0.6
    while words < target_words:
        if sectioned and rng.random() < 0.25:
            parts.append(f"\n## {rng.choice(HEADINGS)}\n")
        idea = rng.choice(ideas)
        if rng.random() < 0.65:
            lines = [f"- {rng.choice(IDEAS[idea])}, {rng.choice(ELABORATIONS)}" + rng.choice(["", ", tbh", " (important)"])]
            if rng.random() < 0.2:
                lines.append(f"  - {rng.choice(FILLER)} {rng.choice(ELABORATIONS).capitalize()}.")
            block = "\n".join(lines)
        else:
            sentences = [f"{rng.choice(IDEAS[idea]).capitalize()}, {rng.choice(ELABORATIONS)}."]
            sentences += [f"{f[:-1]}, {rng.choice(ELABORATIONS)}." for f in rng.sample(FILLER, k=rng.randrange(1, 3))]
            block = "\n" + " ".join(sentences) + "\n"
        parts.append(block)
        words += len(block.split())
    name = f"{date}-{person.lower().replace(' ', '-')}-{index:05d}.md"
    return name, "\n".join(parts) + "\n"


def generate(out_dir: Path, n: int, seed: int = 7) -> Path:
    """Write ``n`` notes into ``out_dir`` (idempotent: same seed and n → same bytes)."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    for index in range(n):
        name, text = note_text(rng, index)
        (out_dir / name).write_text(text, encoding="utf-8")
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out_dir, args.n, args.seed)
    print(f"wrote {args.n} notes to {args.out_dir}")


if __name__ == "__main__":
    main()
