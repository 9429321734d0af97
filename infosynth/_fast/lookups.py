"""The shipped lookup lemmatizer's table (spaCy's ``Lookups``), read without importing spaCy.

The blank pipeline's lemmatizer (``data/spacy-en-lookup``) keeps its table in spaCy's format: a msgpack map from
the spaCy string key of each inflected form to its lemma. Reading it here needs only ``srsly`` and the same key
function, so stages that only look words up (theme labels, the shared copy's word lists) do not pay for importing
spaCy, which a build whose notes all come from the cache never needs otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ..nlp import BLANK_PIPELINE

LOOKUPS_FILE = BLANK_PIPELINE / "lemmatizer" / "lookups" / "lookups.bin"

# spaCy keys a few reserved strings (attribute, tag and label names) by their fixed symbol ids instead of a hash.
# The only one among the table's forms is "number"; tests/test_fast.py checks that no other key is a symbol id.
SYMBOL_KEYS = {"number": 432}

_M = 0xC6A4A7935BD1E995
_MASK = (1 << 64) - 1


def string_key(word: str) -> int:
    """spaCy's key for ``word`` (``spacy.strings.get_string_id``): MurmurHash64A of its UTF-8 bytes, seed 1.

    >>> string_key("nurse") == string_key("nurse") != string_key("nurses")
    True
    """
    if word in SYMBOL_KEYS:
        return SYMBOL_KEYS[word]
    if not word:
        return 0
    data = word.encode("utf-8")
    n = len(data)
    h = (1 ^ (n * _M)) & _MASK
    whole = n - n % 8
    for i in range(0, whole, 8):
        k = (int.from_bytes(data[i:i + 8], "little") * _M) & _MASK
        k ^= k >> 47
        h ^= (k * _M) & _MASK
        h = (h * _M) & _MASK
    if n % 8:
        h ^= int.from_bytes(data[whole:], "little")
        h = (h * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    return h ^ (h >> 47)


class LemmaLookup:
    """Inflected form → lemma, as the shipped lookup lemmatizer has it.

    >>> table = lemma_lookup()
    >>> table.get("nurses"), table.get("went"), table.get("infosynth", "infosynth")
    ('nurse', 'go', 'infosynth')
    """

    def __init__(self, entries: dict[int, str]):
        self._entries = entries

    def get(self, word: str, default: str | None = None) -> str | None:
        return self._entries.get(string_key(word), default)

    def is_form(self, word: str) -> bool:
        """True when the table lists ``word`` as an inflected form ("met", "children")."""
        return string_key(word) in self._entries

    def lemmas(self) -> Iterable[str]:
        return self._entries.values()


@functools.lru_cache(maxsize=1)
def lemma_lookup() -> LemmaLookup | None:
    """The shipped table (read once), or None when the file is missing."""
    if not LOOKUPS_FILE.is_file():
        return None
    import srsly

    return LemmaLookup(dict(srsly.read_msgpack(LOOKUPS_FILE).get("lemma_lookup", {})))
