"""Clustering primitives written out in NumPy: the scikit-learn and SciPy equivalents cost more to import and call
than a build's few hundred snippets take to cluster (a rebuild after one edit clusters one part of its notes,
and importing SciPy's clustering took longer than that). Each is checked against its reference in tests/test_fast.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..text import lemma_analyzer

if TYPE_CHECKING:
    import numpy as np


def average_link(distance: "np.ndarray", *, threshold: float | None = None, n_clusters: int | None = None):
    """Flat clusters of average-linkage agglomerative clustering over a square distance matrix.

    Merging stops before the first merge at a distance of ``threshold`` or more (clusters exactly
    ``threshold`` apart stay apart), or when ``n_clusters`` clusters are left.

    >>> import numpy as np
    >>> d = np.array([[0, .1, .9, .9], [.1, 0, .9, .9], [.9, .9, 0, .5], [.9, .9, .5, 0]])
    >>> average_link(d, threshold=0.5).tolist(), average_link(d, n_clusters=2).tolist()
    ([0, 0, 1, 2], [0, 0, 1, 1])
    """
    import numpy as np

    n = distance.shape[0]
    if n < 2:
        return np.zeros(n, dtype=np.intp)
    merges = average_merges(distance)  # sorted by merge distance
    if threshold is not None:
        n_merges = int(np.count_nonzero(merges[:, 2] < threshold))
    else:
        n_merges = n - max(1, min(n_clusters or 1, n))
    # Each merge joins the clusters two leaves stand for: union-find over the leaves, then number the clusters
    # in order of their first member.
    root = list(range(n))

    def top(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for a, b in merges[:n_merges, :2].astype(np.intp).tolist():
        root[top(a)] = top(b)
    tops = np.array([top(i) for i in range(n)])
    _, first, labels = np.unique(tops, return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[labels]


def average_merges(distance: "np.ndarray") -> "np.ndarray":
    """The merges of average linkage over a square distance matrix: rows of (leaf a, leaf b, distance, size),
    where leaf a and leaf b each stand for a cluster, in order of distance (ties in the order they were made).

    The nearest-neighbour chain algorithm, in float64 and with the tie rules of SciPy's ``linkage(method=
    "average")``, so that both make the same merges at the same distances: follow nearest neighbours from the
    first cluster left until two clusters are each other's nearest (the previous link wins a tie, otherwise the
    lowest index), merge them into the higher of their two leaves, and update its distances by the size-weighted
    mean (Lance-Williams). Quadratic memory and time; SciPy is not imported, which costs more than a rebuild
    spends clustering.

    >>> import numpy as np
    >>> average_merges(np.array([[0, .2, .8], [.2, 0, .6], [.8, .6, 0]])).tolist()
    [[0.0, 1.0, 0.2, 2.0], [1.0, 2.0, 0.7, 3.0]]
    """
    import numpy as np

    n = distance.shape[0]
    d = np.array(distance, dtype=np.float64)
    if not np.isfinite(d).all():  # a NaN is no one's nearest, and the chain would never end
        raise ValueError("average linkage needs finite distances")
    # A merged-away cluster's row and column become inf, as the diagonal starts: neither is ever a neighbour, and
    # the weighted mean below keeps them inf without a mask.
    np.fill_diagonal(d, np.inf)
    size = [1] * n
    merges = np.empty((n - 1, 4))
    chain: list[int] = []
    first_left = 0
    for k in range(n - 1):
        if not chain:
            while not size[first_left]:
                first_left += 1
            chain.append(first_left)
        while True:
            x = chain[-1]
            row = d[x]
            y = int(row.argmin())
            if len(chain) > 1 and row[chain[-2]] <= row[y]:
                y = chain[-2]
                break
            chain.append(y)
        del chain[-2:]
        x, y = min(x, y), max(x, y)
        nx, ny = size[x], size[y]
        merges[k] = (x, y, d[x, y], nx + ny)
        joined = (nx * d[x] + ny * d[y]) / (nx + ny)
        size[x], size[y] = 0, nx + ny
        d[y] = joined
        d[:, y] = joined
        d[x] = np.inf
        d[:, x] = np.inf
    return merges[np.argsort(merges[:, 2], kind="mergesort")]


def kmeans(x, k: int, random_state: int = 0, *, init: str = "random", n_init: int = 1, max_iter: int = 20,
            block: int = 2048):
    """Spherical k-means over the L2-normalised rows of ``x`` (dense or sparse).

    Returns each row's cluster and its cosine similarity to that cluster's centre. Centres start at ``k``
    distinct rows drawn with ``random_state`` (``init="k-means++"``: each next one far from those already
    drawn, which costs a pass over the rows per centre and suits a few clusters) and move to the normalised
    mean of their members until no row changes cluster (at most ``max_iter`` rounds); of ``n_init`` such
    runs, the tightest is kept. Identical rows (a sentence that recurs word for word) are handled once,
    weighted by their count, so they always share a cluster. Memory stays linear in the number of rows:
    similarities are computed ``block`` rows at a time.

    >>> import numpy as np
    >>> x = np.array([[1, 0], [.9, .1], [0, 1], [.1, .9], [.1, .9]])
    >>> labels, similarity = kmeans(x / np.linalg.norm(x, axis=1, keepdims=True), 2)
    >>> labels.tolist() in ([0, 0, 1, 1, 1], [1, 1, 0, 0, 0]), bool(similarity.min() > 0.98)
    (True, True)
    """
    import numpy as np

    first, inverse = _distinct_rows(x)
    x, weight = x[first], np.bincount(inverse).astype(x.dtype)
    n = x.shape[0]
    k = max(1, min(k, n))
    rng = np.random.default_rng(random_state)
    best: tuple[Any, Any] | None = None
    for _ in range(n_init):
        if init == "k-means++":
            centres = x[_spread_seeds(x, weight, k, rng)]
        else:
            centres = x[np.sort(rng.choice(n, size=k, replace=False))]
        labels: Any = None
        for round_ in range(max_iter):
            new_labels, similarity = _nearest(x, centres, block)
            if labels is not None and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            if round_ < max_iter - 1:
                centres = unit_rows(_weighted_sums(x, weight, labels, k))
        if best is None or weight @ similarity > weight @ best[1]:
            best = (labels, similarity)
    assert best is not None  # n_init >= 1 rounds ran
    return best[0][inverse], best[1][inverse]


def _weighted_sums(x, weight: "np.ndarray", labels: "np.ndarray", k: int):
    """Row ``c`` is the sum of the rows of ``x`` labelled ``c``, each times its weight (a k × n indicator
    matrix times ``x``; SciPy is imported only for sparse ``x``, which the hashed-word path gives)."""
    import numpy as np

    if hasattr(x, "indptr"):
        from scipy.sparse import csr_matrix

        return csr_matrix((weight, (labels, np.arange(len(labels)))), shape=(k, len(labels))) @ x
    sums = np.zeros((k, x.shape[1]), dtype=np.result_type(x.dtype, weight.dtype))
    np.add.at(sums, labels, x * weight[:, None])
    return sums


def _spread_seeds(x, weight: "np.ndarray", k: int, rng) -> list[int]:
    """k-means++ seeding: each next seed is a row drawn with odds in proportion to its count times its
    cosine distance to the nearest seed so far."""
    import numpy as np

    def similarity_to(row: int) -> "np.ndarray":
        sims = x @ x[row].T
        return np.asarray(sims.toarray() if hasattr(sims, "toarray") else sims).ravel()

    weight = np.asarray(weight, dtype="float64")
    seeds = [int(rng.choice(len(weight), p=weight / weight.sum()))]
    closest = similarity_to(seeds[0])
    while len(seeds) < k:
        odds = weight * np.clip(1.0 - closest, 0.0, None)
        odds[seeds] = 0.0
        if odds.sum() <= 0:  # the rows left all coincide with a seed: any of them will do
            odds = np.ones(len(weight))
            odds[seeds] = 0.0
        seeds.append(int(rng.choice(len(weight), p=odds / odds.sum())))
        closest = np.maximum(closest, similarity_to(seeds[-1]))
    return seeds


def _distinct_rows(x) -> "tuple[np.ndarray, np.ndarray]":
    """Index of the first occurrence of each distinct row of ``x``, and each row's distinct-row number."""
    import numpy as np

    if hasattr(x, "indptr"):
        x = x.tocsr()
        x.sort_indices()
        keys = [x.indices[a:b].tobytes() + x.data[a:b].tobytes() for a, b in zip(x.indptr, x.indptr[1:])]
    else:
        keys = [row.tobytes() for row in np.ascontiguousarray(x)]
    number: dict[bytes, int] = {}  # distinct rows are numbered in order of first occurrence
    inverse = np.array([number.setdefault(key, len(number)) for key in keys], dtype=np.intp)
    return np.unique(inverse, return_index=True)[1], inverse


def _nearest(x, centres, block: int):
    """Index of the most similar centre for each row of ``x``, and that similarity."""
    import numpy as np

    n = x.shape[0]
    labels = np.empty(n, dtype=np.intp)
    similarity = np.empty(n, dtype=np.float32)
    centres_t = centres.T
    for start in range(0, n, block):
        sims = x[start : start + block] @ centres_t
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
        best = sims.argmax(axis=1)
        labels[start : start + block] = best
        similarity[start : start + block] = sims[np.arange(len(best)), best]
    return labels, similarity


def unit_rows(m):
    """``m`` with each non-zero row scaled to unit length (dense or sparse)."""
    import numpy as np

    if hasattr(m, "multiply"):
        from scipy.sparse import diags

        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        return (diags(1.0 / np.maximum(norms, 1e-9)).astype(m.dtype) @ m).tocsr()
    m = np.asarray(m)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9).astype(m.dtype)


def hashed_features(texts: Sequence[str], n_features: int = 2**18):
    """L2-normalised counts of each text's lemma uni/bigrams, each feature in column MurmurHash3(feature) mod
    ``n_features`` (the columns of scikit-learn's ``HashingVectorizer`` without alternating signs).

    >>> x = hashed_features(["Night shifts", "night shift work", "and then"])
    >>> x.shape, x.getnnz(axis=1).tolist(), round(float((x[0] @ x[1].T).toarray()[0, 0]), 3)
    ((3, 262144), [3, 5, 0], 0.775)
    """
    import numpy as np
    from murmurhash.mrmr import hash as murmurhash3  # ships with spaCy
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for row, text in enumerate(texts):
        for feature in lemma_analyzer(text):
            rows.append(row)
            cols.append(abs(murmurhash3(feature)) % n_features)
    x = csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(texts), n_features))
    x.sum_duplicates()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x.data /= np.repeat(norms, np.diff(x.indptr))
    return x.astype(np.float32)
