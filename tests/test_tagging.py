"""Category tagging on realistic note lines: model, no-category lines, headings, inline tags, user cues, evidence,
persistence, and the scores on the shared evaluation sets."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from conftest import QA_NOTES, SETS_BY_OTHERS, eval_set

from infosynth.analysis.encoder import encode
from infosynth.analysis.tagging import CategoryTagger, DecisionRule, TaggingSettings, tag_snippets
from infosynth.models import CATEGORIES, Snippet
from infosynth.text import text_in_context
from training.tagger import fit, save, targets


@pytest.fixture(scope="module")
def tagger() -> CategoryTagger:
    return CategoryTagger.load()


def snip(text: str, heading: str = "", hashtags: tuple[str, ...] = (), kind: str = "bullet") -> Snippet:
    return Snippet(note="notes/maria-ortiz.md", line=7, text=text, heading=heading, hashtags=hashtags, kind=kind)


# Lines as people write them after talking to a vet, a court clerk, a sound engineer, a social worker, a welder...
CLEAR_CASES = [
    ("Became practice manager after six years as a vet receptionist.", "roles"),
    ("She reports to the chief clerk and supervises four deputy clerks.", "roles"),
    ("Left the newsroom for a press officer job at the council when the paper cut its staff.", "roles"),
    ("Most junior solicitors move in-house by their fifth year.", "roles"),
    ("Needs a state licence plus at least 500 supervised hours.", "skills"),
    ("Learn Pro Tools inside out before you apply anywhere.", "skills"),
    ("Did the PGCE after a chemistry degree.", "skills"),
    ("Holds the level 3 food hygiene certificate and a first-aid ticket.", "skills"),
    ("Load-in at 2pm, soundcheck at 5, doors at 7, then mixing until midnight.", "day-to-day"),
    ("Starts baking at 4am and the shop opens at 7.", "day-to-day"),
    ("8:15 a.m.: checks the overnight referrals, then two home visits before lunch.", "day-to-day"),
    ("Spends Thursday afternoons reconciling the client accounts and chasing invoices.", "day-to-day"),
    ("Management is very hands-off and people are trusted to run their own projects.", "culture"),
    ("Burnout is common and nobody talks about it openly.", "culture"),
    ("The crew looks after new starters, and nobody laughs at a question.", "culture"),
    ("Partners expect associates to answer email at midnight, and most do.", "culture"),
]


@pytest.mark.parametrize("text,expected", CLEAR_CASES)
def test_clear_lines_get_their_category(tagger, text, expected):
    result = tagger.predict([snip(text)])[0]
    assert expected in result.categories, result
    assert len(result.categories) <= 2


# Personal routine, biography, remarks about the write-up and bare liking: nothing about the work itself.
NO_CAREER_CONTENT = [
    "6:10 a.m.: alarm, walks the dog round the block, porridge.",
    "Drives to the leisure centre and swims thirty lengths before anything else.",
    "Packs lunch for the kids and drops them at the school gate.",
    "34, grew up in Sunderland, lives with her partner and two cats.",
    "After dinner she watches an episode of something and goes to bed early.",
    "I met her through my sister's netball club.",
    "Wrote this day up for a careers blog run by the professional body.",
    "Has wanted to be a vet since she was six.",
    "Says she loves her job and wouldn't change a thing.",
    "Plays five-a-side on Wednesday nights.",
]


def test_lines_with_no_career_content_get_no_category(tagger):
    results = tagger.predict([snip(text) for text in NO_CAREER_CONTENT])
    empty = [r for r in results if not r.categories]
    # Personal routine told with clock times ("6:10 a.m.: alarm, walks the dog") is the hard case: it reads like
    # a workday. Seven of these ten must get none.
    assert len(empty) >= 7, [(t, r.categories) for t, r in zip(NO_CAREER_CONTENT, results)]
    for result in empty:
        assert result.evidence.startswith("no category")


def test_work_lines_beside_personal_ones_keep_their_category(tagger):
    work, home = tagger.predict([snip("7:30 a.m.: takes handover from the night nurse, then the medication round."),
                                 snip("7:30 a.m.: takes the dog out, then breakfast with the kids.")])
    assert "day-to-day" in work.categories
    assert home.categories == ()


def test_education_lines_are_skills_even_under_a_path_heading(tagger):
    results = tagger.predict([snip("Did biology and chemistry A-levels, then a three-year nursing degree.", heading="Her path"),
                              snip("Passed the bar exam on the second attempt.", heading="Her path"),
                              snip("Qualified as a chartered accountant after three years of exams.",
                                   heading="Background")])
    for result in results:
        assert "skills" in result.categories, result


def test_the_note_takers_questions_and_logistics_get_no_category(tagger):
    question, logistics = tagger.predict([
        snip("What does a typical week look like for a new graduate?", kind="question"),
        snip("Met at the café near the station", kind="logistics"),
    ])
    assert question.categories == () and "question" in question.evidence
    assert logistics.categories == () and "logistics" in logistics.evidence


def test_heading_hint_raises_its_category_and_is_cited(tagger):
    text = "Clinic visits, then paperwork for the afternoon."
    plain = tagger.predict([snip(text)])[0]
    under = tagger.predict([snip(text, heading="Interview with Ana > Typical day")])[0]
    assert under.scores["day-to-day"] > plain.scores["day-to-day"]
    assert "day-to-day" in under.categories
    assert 'heading "Typical day"' in under.evidence


def test_a_field_named_in_a_heading_is_not_a_culture_hint():
    from infosynth.analysis.tagging.features import CueMatcher

    cues = CueMatcher.from_file()
    # "Why product management" is about a move into a field, not how people are managed.
    assert "culture" not in cues.heading_hints("Why product management")
    assert "culture" not in cues.heading_hints("Case management")
    assert "culture" in cues.heading_hints("Management style")


@pytest.mark.parametrize("tag,category", [("skills", "skills"), ("role", "roles"), ("day", "day-to-day"),
                                          ("daytoday", "day-to-day"), ("culture", "culture")])
def test_inline_tag_wins_over_the_model(tagger, tag, category):
    result = tagger.predict([snip("Starts baking at 4am and the shop opens at 7.", hashtags=(tag,))])[0]
    assert result.categories == (category,)
    assert f"inline tag #{tag}" in result.evidence


def test_extra_category_is_tagged_by_its_cues_and_ordered_last():
    settings = TaggingSettings(extra_cues={"compensation": ["salary", "signing bonus"]})
    tagger = CategoryTagger.load(settings)
    hit, miss = tagger.predict([snip("Base salary is about 58k and there's a signing bonus for nights."),
                                snip("Starts baking at 4am and the shop opens at 7.")])
    assert hit.categories[-1] == "compensation"
    assert all(c in CATEGORIES for c in hit.categories[:-1])
    assert '"salary"' in hit.evidence
    assert "compensation" not in miss.categories


def test_inline_tag_can_name_a_user_category():
    tagger = CategoryTagger.load(TaggingSettings(extra_cues={"compensation": ["salary"]}))
    result = tagger.predict([snip("Ask about the pension scheme.", hashtags=("compensation",))])[0]
    assert result.categories == ("compensation",)


def test_user_cue_for_a_builtin_category_sets_it():
    tagger = CategoryTagger.load(TaggingSettings(extra_cues={"culture": ["potluck"]}))
    result = tagger.predict([snip("Monthly potluck on the last Friday.")])[0]
    assert "culture" in result.categories
    assert 'your cues "potluck"' in result.evidence


def test_without_the_model_cues_and_headings_still_tag(tagger):
    cue_only = CategoryTagger.load(TaggingSettings(use_model=False))
    result = cue_only.predict([snip("Weekly team meeting on Mondays.")])[0]
    assert "day-to-day" in result.categories
    assert result.scores == {}


def test_cue_patterns_match_each_of_their_choices():
    # cues.toml writes a pattern's alternatives as {IN = [...]}; each alternative is a cue of its own.
    from infosynth.analysis.tagging.features import CueMatcher, clean_text
    from infosynth.nlp import get_nlp

    cues, nlp = CueMatcher.from_file(), get_nlp()

    def pattern_cues(text: str) -> list[tuple[str, str]]:
        doc = nlp(clean_text(text))
        return [(nlp.vocab.strings[m], doc[s:e].text) for m, s, e in cues.pattern_matcher(doc)]

    assert pattern_cues("Starts at 7:30 and sees 12 patients a day, clinic on Tues.") == [
        ("day-to-day", "7:30"), ("day-to-day", "12 patients"), ("day-to-day", "a day"), ("day-to-day", "tues")]
    assert pattern_cues("Learned SQL and C++ on the side.") == [("skills", "sql"), ("skills", "c++")]
    assert pattern_cues("Worked as a paralegal for 3 years at a firm.") == [
        ("roles", "worked as"), ("roles", "3 years at")]


def test_every_result_has_evidence_and_scores_for_all_categories(tagger):
    results = tagger.predict([snip(text) for text, _ in CLEAR_CASES] + [snip("ok")])
    for result in results:
        assert result.evidence
        assert set(result.scores) == set(CATEGORIES)
        assert list(result.categories) == sorted(result.categories, key=list(CATEGORIES).index)


def test_predictions_are_deterministic(tagger):
    snippets = [snip(text) for text, _ in CLEAR_CASES]
    first = tagger.predict(snippets)
    again = CategoryTagger.load().predict(snippets)
    assert first == again


def test_vectors_from_the_build_give_the_same_tags_as_vectors_computed_here(tagger):
    snippets = [snip(text) for text, _ in CLEAR_CASES]
    given = tagger.predict(snippets, vectors=encode([s.text for s in snippets]))
    assert given == tagger.predict(snippets)


def test_repeated_lines_are_tagged_alike(tagger):
    text = "Burnout is common and nobody talks about it openly."
    first, second = tagger.predict([snip(text), snip("Starts baking at 4am."), snip(text)])[::2]
    assert first == second


def test_tag_snippets_fills_categories_and_evidence():
    snippets = [snip("Learn Pro Tools inside out before you apply anywhere."), snip("wfh fridays")]
    tag_snippets(snippets)
    assert "skills" in snippets[0].categories
    assert all(s.evidence for s in snippets)


def test_decision_rule_keeps_a_clear_second_category_and_drops_a_weak_one():
    rule = DecisionRule(threshold=0.5, extra=0.7, floor=0.4, none_threshold=0.7, sure=0.9)
    rows = np.array([
        [0.9, 0.75, 0.1, 0.1, 0.0],  # two clear categories
        [0.9, 0.6, 0.1, 0.1, 0.0],  # the second is possible, not clear
        [0.45, 0.1, 0.1, 0.1, 0.2],  # unsure but likely enough
        [0.45, 0.1, 0.1, 0.1, 0.8],  # reads as no career content
        [0.95, 0.1, 0.1, 0.1, 0.8],  # sure of a category despite the none output
    ])
    assert rule.decide(rows) == [[0, 1], [0], [0], [], [0]]


def test_fit_save_load_round_trip_is_byte_identical(tmp_path):
    texts = [text for text, _ in CLEAR_CASES] + NO_CAREER_CONTENT
    labels = [[cat] for _, cat in CLEAR_CASES] + [[] for _ in NO_CAREER_CONTENT]
    groups = [f"g{i % 3}" for i in range(len(texts))]
    vectors = encode(texts).astype(np.float64)
    for folder in ("a", "b"):
        tagger = CategoryTagger(min_groups=1)
        items = tagger.prepare(texts, [""] * len(texts))
        fit(tagger, vectors, items, targets(labels), groups)
        save(tagger, tmp_path / folder)
    for name in ("model.json", "model.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    reloaded = CategoryTagger.load(directory=tmp_path / "a")
    assert reloaded.predict([snip(texts[0])])[0].scores == tagger.predict([snip(texts[0])])[0].scores


# ------------------------------------------------------------------------------- shared evaluation sets


def _eval_scores(tagger: CategoryTagger, name: str) -> dict:
    """Tagging scores on one shared set, with each note's snippets encoded together as a build does."""
    from infosynth.evaluation import match_rows, tagging_scores
    from infosynth.ingest.notes import parse_note
    from infosynth.nlp import get_nlp

    folder = OWN_SETS.get(name) or eval_set(name)
    predicted = []
    for path in sorted((folder / "notes").glob("*.md")):
        snippets = parse_note(path.read_text(encoding="utf-8"), path.name, sentencizer=get_nlp("blank")).snippets
        vectors = encode([text_in_context(s.text, s.heading or "") for s in snippets])
        predicted += [{"note": s.note, "text": s.text, "categories": ";".join(r.categories)}
                      for s, r in zip(snippets, tagger.predict(snippets, vectors=vectors))]
    with open(folder / "gold.csv", newline="", encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))
    return tagging_scores(match_rows(gold, predicted))


# Levels the shipped model reaches (see docs/categories.md); a change that drops below them is a regression.
EVAL_LEVELS = {"dev": (0.67, 0.58), "dev-b": (0.63, 0.50), "qa": (0.76, 0.68),  # (macro-F1, lowest category F1)
               "conservation": (0.64, 0.47), "public-service": (0.70, 0.63), "care-trades": (0.64, 0.55),
               "first-jobs": (0.71, 0.67), "health-careers": (0.62, 0.52), "office-jobs": (0.67, 0.54),
               "second-careers": (0.62, 0.44), "nursing-exits": (0.70, 0.62), "teachers-leaving": (0.66, 0.50),
               "veterans": (0.59, 0.50), "creative-careers": (0.65, 0.58), "law-courts": (0.63, 0.50),
               "hospitality": (0.57, 0.33), "lab-science": (0.65, 0.36), "media-people": (0.67, 0.59),
               "finance": (0.61, 0.49), "social-work": (0.60, 0.55)}
OWN_SETS = {"qa": QA_NOTES, **SETS_BY_OTHERS}


@pytest.mark.parametrize("name", sorted(EVAL_LEVELS))
def test_shared_evaluation_set_does_not_regress(tagger, name):
    if name not in OWN_SETS and eval_set(name) is None:
        pytest.skip(f"shared evaluation set {name} not present (set INFOSYNTH_EVAL_DIR)")
    scores = _eval_scores(tagger, name)
    macro, lowest = EVAL_LEVELS[name]
    assert scores["macro_f1"] >= macro, scores["per_category"]
    assert min(v["f1"] for v in scores["per_category"].values()) >= lowest, scores["per_category"]
