"""The speed tricks of infosynth._fast against the libraries they stand in for."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
import spacy.symbols

from infosynth._fast import cluster as fast_cluster
from infosynth._fast.csv_writer import columns_csv
from infosynth._fast.lookups import SYMBOL_KEYS, lemma_lookup, string_key
from infosynth.nlp import get_nlp
from infosynth.report.export import Columns, neutralise_cell
from infosynth.resources import DATA_DIR
from infosynth.sharing.words import wordpiece_vocabulary
from infosynth.text import lemma_analyzer, tokens


def test_csv_writer_writes_what_pandas_writes():
    texts = ["plain", "a,b", 'say "hi"', "two\nlines", "=SUM(A1)", "", "é → ✓", "1,5"]
    frame = pd.DataFrame({
        "text": pd.Series(texts, dtype="str"),
        "n": np.arange(len(texts)) - 3,
        "flag": [i % 2 == 0 for i in range(len(texts))],
        "day": pd.to_datetime(["2026-02-10", None, "2026-03-01"] * 2 + ["2026-04-01", None]),
    })
    expected = frame.assign(text=frame["text"].map(neutralise_cell)).to_csv(index=False, date_format="%Y-%m-%d")
    assert columns_csv(Columns(frame), neutralise_cell) == expected.encode()


def test_feature_hashing_matches_scikit_learn():
    feature_extraction = pytest.importorskip("sklearn.feature_extraction.text")
    texts = ["Night shifts are long", "night shift work, again and again", "and then", "Nurses mentor new nurses"]
    reference = feature_extraction.HashingVectorizer(analyzer=lemma_analyzer, alternate_sign=False, norm="l2",
                                                     n_features=2**18).transform(texts)
    ours = fast_cluster.hashed_features(texts)
    assert ours.getnnz() == reference.getnnz() and (ours.indices == reference.indices).all()  # the same columns
    assert np.allclose(ours.data, reference.data, atol=1e-6)


def test_kmeans_finds_the_clusters_scikit_learn_finds():
    sk_cluster = pytest.importorskip("sklearn.cluster")
    rng = np.random.default_rng(11)
    truth = np.repeat([0, 1, 2, 3], 15)
    x = np.eye(8)[truth * 2] + 0.05 * rng.normal(size=(60, 8))
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype("float32")
    ours, _ = fast_cluster.kmeans(x, 4, random_state=0, init="k-means++", n_init=3)
    theirs = sk_cluster.KMeans(4, n_init=3, random_state=0).fit_predict(x)
    pairs = set(zip(ours.tolist(), theirs.tolist()))
    assert len(pairs) == len(set(ours.tolist())) == len(set(theirs.tolist())) == 4  # the same partition


def test_kmeans_finds_obvious_clusters():
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(7)
    truth = np.repeat([0, 1, 2], 20)
    x = np.eye(6)[truth] + 0.05 * rng.normal(size=(60, 6))  # three tight bundles of directions
    x[1] = x[0]  # a sentence said twice, word for word
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype("float32")

    for data in (x, csr_matrix(x)):
        labels, similarity = fast_cluster.kmeans(data, 3, random_state=0, init="k-means++")
        assert len(set(zip(labels.tolist(), truth.tolist()))) == len(set(labels.tolist())) == 3
        assert similarity.min() > 0.9 and labels[0] == labels[1]
        again, _ = fast_cluster.kmeans(data, 3, random_state=0, init="k-means++")
        assert again.tolist() == labels.tolist()

    # Many small clusters from random seeds, as discovery asks for: each stays within one bundle.
    labels, similarity = fast_cluster.kmeans(x, 12, random_state=3)
    assert all(len(set(truth[labels == c])) == 1 for c in set(labels.tolist()))
    assert similarity.min() > 0.9


def test_average_link_matches_the_reference_implementation():
    # scikit-learn's agglomerative clustering (which the build no longer imports) defines the expected
    # partitions, ties at the distance threshold included: those clusters stay apart.
    cluster = pytest.importorskip("sklearn.cluster")

    rng = np.random.default_rng(0)
    for _trial in range(40):
        points = rng.normal(size=(int(rng.integers(2, 60)), 3))
        distance = np.linalg.norm(points[:, None] - points[None], axis=2)
        distance = (np.round(distance * 4) / 4).astype("float32")  # many merges exactly at a threshold
        for threshold in (0.5, 1.0, 2.0):
            expected = cluster.AgglomerativeClustering(
                n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
            ).fit_predict(distance)
            got = fast_cluster.average_link(distance, threshold=threshold)
            assert len(set(zip(expected.tolist(), got.tolist()))) == len(set(got.tolist())) == len(set(expected))
        expected = cluster.AgglomerativeClustering(n_clusters=2, metric="precomputed",
                                                   linkage="average").fit_predict(distance)
        got = fast_cluster.average_link(distance, n_clusters=2)
        assert len(set(zip(expected.tolist(), got.tolist()))) == len(set(got.tolist())) == 2


def test_average_link_makes_the_merges_scipy_makes():
    # The merges are SciPy's to the bit (distances, sizes, order, ties included), so every cut gives the same
    # partition whichever library made the tree.
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    from scipy.spatial.distance import squareform

    rng = np.random.default_rng(5)
    for trial in range(30):
        n = int(rng.integers(2, 70))
        vectors = rng.normal(size=(n, 8))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        distance = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0).astype("float32")
        if trial % 2:
            distance = np.round(distance * 8) / 8  # many equal distances
        np.fill_diagonal(distance, 0.0)
        expected = hierarchy.linkage(squareform(distance, checks=False), method="average")
        ours = fast_cluster.average_merges(distance)
        assert ours[:, 2].tolist() == expected[:, 2].tolist()
        assert ours[:, 3].tolist() == expected[:, 3].tolist()
        # SciPy's merge i makes node n + i of two earlier nodes: its first m merges, as each leaf's cluster
        leaves: dict[int, list[int]] = {i: [i] for i in range(n)}
        theirs = list(range(n))
        for m in range(n):
            if m:
                a, b = (int(v) for v in expected[m - 1, :2])
                leaves[n + m - 1] = leaves.pop(a) + leaves.pop(b)
                for leaf in leaves[n + m - 1]:
                    theirs[leaf] = n + m - 1
            got = fast_cluster.average_link(distance, n_clusters=n - m).tolist()
            assert len(set(zip(theirs, got))) == len(set(got)) == len(set(theirs)) == n - m


def test_tfidf_rows_match_scikit_learn():
    text = pytest.importorskip("sklearn.feature_extraction.text")
    from infosynth._fast.linear import tfidf_rows

    docs = [["night", "shift", "night", "ward"], ["ward", "round"], [], ["shift", "handover", "shift", "shift"]]
    reference = text.TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, dtype=np.float64)
    expected = reference.fit_transform(docs).toarray()
    vocab = {term: i for i, term in enumerate(reference.get_feature_names_out())}
    rows, cols, vals = tfidf_rows(docs, vocab, reference.idf_)
    ours = np.zeros_like(expected)
    ours[rows, cols] = vals
    assert np.allclose(ours, expected)


def test_logistic_scores_match_scikit_learn():
    linear_model = pytest.importorskip("sklearn.linear_model")
    from scipy import sparse

    from infosynth._fast.linear import logistic_scores

    rng = np.random.default_rng(5)
    dense = rng.normal(size=(40, 3))
    words = sparse.random(40, 6, density=0.3, random_state=1, format="coo")
    x = sparse.hstack([sparse.csr_matrix(dense), words.tocsr()], format="csr")
    targets = np.column_stack([(dense[:, 0] > 0), (dense[:, 1] + words.toarray()[:, 2] > 0.2)]).astype(int)
    models = [linear_model.LogisticRegression().fit(x, targets[:, j]) for j in range(2)]
    coef = np.column_stack([m.coef_[0] for m in models])
    intercept = np.array([m.intercept_[0] for m in models])
    ours = logistic_scores(dense, coef[:3], intercept, (words.row, words.col, words.data), coef[3:])
    expected = np.column_stack([m.predict_proba(x)[:, 1] for m in models])
    assert np.allclose(ours, expected)


def _everyday_words() -> set[str]:
    """Words people write: every lemma in the table, the tokenizer's vocabulary and the seed corpus's tokens."""
    table = lemma_lookup()
    assert table is not None
    words = {str(w) for w in table.lemmas()} | set(wordpiece_vocabulary())
    with (DATA_DIR / "tagging" / "seed.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words.update(tokens(row["text"]))
    return words | {"", "café", "naïve", "Number", "number", "NUMBER", "résumés", "über", "日本"}


def test_lemma_lookups_match_the_loaded_pipelines_table():
    spacy_table = get_nlp("blank").get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    ours = lemma_lookup()
    assert ours is not None
    words = _everyday_words()
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
