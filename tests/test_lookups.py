"""The lemma table read without spaCy gives spaCy's own answers."""

import csv

import spacy.symbols

from infosynth.lookups import SYMBOL_KEYS, lemma_lookup, string_key
from infosynth.nlp import get_nlp
from infosynth.resources import DATA_DIR
from infosynth.sharing.words import wordpiece_vocabulary
from infosynth.text import tokens


def _words() -> set[str]:
    """Words people write: every lemma in the table, the tokenizer's vocabulary and the seed corpus's tokens."""
    table = lemma_lookup()
    assert table is not None
    words = {str(w) for w in table.lemmas()} | set(wordpiece_vocabulary())
    with (DATA_DIR / "tagging" / "seed.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words.update(tokens(row["text"]))
    return words | {"", "café", "naïve", "Number", "number", "NUMBER", "résumés", "über", "日本"}


def test_every_lookup_matches_the_loaded_pipelines_table():
    spacy_table = get_nlp("blank").get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    ours = lemma_lookup()
    assert ours is not None
    words = _words()
    assert len(words) > 40_000
    assert {w: ours.get(w) for w in words} == {w: spacy_table.get(w) for w in words}
    assert {w for w in words if ours.is_form(w)} == {w for w in words if w in spacy_table}


def test_keys_are_spacys_string_ids_and_symbols_are_known():
    from spacy.strings import get_string_id  # type: ignore[attr-defined]

    for word in ("nurse", "running", "a", "abcdefgh", "abcdefghi", "épée", "x" * 100, "number"):
        assert string_key(word) == get_string_id(word)
    spacy_table = get_nlp("blank").get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    symbol_ids = {k for k in spacy_table.keys() if k < 1 << 16}  # spaCy's symbol ids are small; hashes are not
    assert symbol_ids == set(SYMBOL_KEYS.values())
    assert all(spacy.symbols.IDS[word] == key for word, key in SYMBOL_KEYS.items())
