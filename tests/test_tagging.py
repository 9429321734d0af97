"""Category tagging on realistic note lines: model, headings, inline tags, user cues, evidence, persistence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from infosynth.models import CATEGORIES, Snippet
from infosynth.tagging import CategoryTagger, TaggingSettings, tag_snippets


@pytest.fixture(scope="module")
def tagger() -> CategoryTagger:
    return CategoryTagger.load()


def snip(text: str, heading: str = "", hashtags: tuple[str, ...] = ()) -> Snippet:
    return Snippet(note="notes/maria-ortiz.md", line=7, text=text, heading=heading, hashtags=hashtags)


# Lines as people write them after talking to a veterinarian, a court clerk, a sound engineer, a baker...
CLEAR_CASES = [
    ("Became practice manager after six years as a vet receptionist.", "roles"),
    ("She reports to the chief clerk and supervises four deputy clerks.", "roles"),
    ("Needs a state licence plus at least 500 supervised hours.", "skills"),
    ("Learn Pro Tools inside out before you apply anywhere.", "skills"),
    ("Load-in at 2pm, soundcheck at 5, doors at 7, then mixing until midnight.", "day-to-day"),
    ("Starts baking at 4am and the shop opens at 7.", "day-to-day"),
    ("Management is very hands-off and people are trusted to run their own projects.", "culture"),
    ("Burnout is common and nobody talks about it openly.", "culture"),
]


@pytest.mark.parametrize("text,expected", CLEAR_CASES)
def test_clear_lines_get_their_category(tagger, text, expected):
    result = tagger.predict([snip(text)])[0]
    assert expected in result.categories, result
    assert len(result.categories) <= 2


def test_note_takers_own_remark_gets_no_category_or_a_weak_one(tagger):
    result = tagger.predict([snip("Follow up next week and send her the article.")])[0]
    assert result.categories == () or max(result.scores.values()) < 0.7


def test_heading_hint_raises_its_category_and_is_cited(tagger):
    text = "Clinic visits, then paperwork for the afternoon."
    plain = tagger.predict([snip(text)])[0]
    under = tagger.predict([snip(text, heading="Interview with Ana > Typical day")])[0]
    assert under.scores["day-to-day"] > plain.scores["day-to-day"]
    assert "day-to-day" in under.categories
    assert 'heading "Typical day"' in under.evidence


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


def test_tag_snippets_fills_categories_and_evidence():
    snippets = [snip("Learn Pro Tools inside out before you apply anywhere."), snip("wfh fridays")]
    tag_snippets(snippets)
    assert "skills" in snippets[0].categories
    assert all(s.evidence for s in snippets)


def test_fit_save_load_round_trip_is_byte_identical(tmp_path):
    texts = [text for text, _ in CLEAR_CASES] * 3
    labels = [[cat] for _, cat in CLEAR_CASES] * 3
    for folder in ("a", "b"):
        tagger = CategoryTagger(use_embeddings=False).fit(texts, labels, n_folds=3)
        tagger.save(tmp_path / folder)
    for name in ("model.json", "model.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    reloaded = CategoryTagger.load(directory=tmp_path / "a")
    assert reloaded.predict([snip(texts[0])])[0].scores == tagger.predict([snip(texts[0])])[0].scores


def _dev_folder() -> Path | None:
    here = Path(__file__).resolve().parents[1]
    for candidate in (Path("/work/shared/eval/dev"), here.parent / "shared" / "eval" / "dev"):
        if (candidate / "gold.csv").is_file() and (candidate / "notes").is_dir():
            return candidate
    return None


def _dev_scores(tagger: CategoryTagger) -> dict:
    """Tagging scores on the shared dev notes, read in place (never copied)."""
    from infosynth.evaluation import match_rows, tagging_scores
    from infosynth.ingest.notes import parse_note
    from infosynth.nlp import get_nlp

    dev = _dev_folder()
    snippets = []
    for path in sorted((dev / "notes").glob("*.md")):
        snippets.extend(parse_note(path.read_text(encoding="utf-8"), path.name, sentencizer=get_nlp("blank")).snippets)
    predicted = [{"note": s.note, "text": s.text, "categories": ";".join(r.categories)}
                 for s, r in zip(snippets, tagger.predict(snippets))]
    with open(dev / "gold.csv", newline="", encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))
    return tagging_scores(match_rows(gold, predicted))


needs_dev = pytest.mark.skipif(_dev_folder() is None, reason="shared dev evaluation set not present")


@needs_dev
def test_dev_set_reaches_macro_f1_target(tagger):
    scores = _dev_scores(tagger)
    assert scores["macro_f1"] >= 0.70, scores["per_category"]


@needs_dev
def test_dev_set_macro_f1_does_not_regress(tagger):
    scores = _dev_scores(tagger)
    assert scores["macro_f1"] >= 0.67, scores["per_category"]
    assert min(v["f1"] for v in scores["per_category"].values()) >= 0.60, scores["per_category"]


def test_an_unsure_full_statement_still_gets_its_likeliest_category_but_a_fragment_does_not(tagger, monkeypatch):
    import numpy as np

    # Every category well below the fallback floor: only the statement rule can give a category.
    monkeypatch.setattr(tagger.model, "scores", lambda items: np.tile([0.05, 0.02, 0.2, 0.1], (len(items), 1)))
    statement, fragment = tagger.predict(["Took a while before the whole thing started to make sense", "Notes:"])
    assert statement.categories == ("day-to-day",) and "model day-to-day 0.20" in statement.evidence
    assert fragment.categories == ()
