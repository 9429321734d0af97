"""Discovery over many snippets: fixed parts, clustered one at a time, then joined across part borders.

Average link needs a square distance matrix, so a large input is split into parts. The parts are cut by the
codebook's ideas (each snippet goes to the nearest of a few groups of codebook prototypes), not by the input
itself: a snippet's part depends only on its own vector, so editing one note leaves every other part as it was,
and a part's clustering can be remembered from one build to the next (:func:`memory_key`). Clusters that the cut
put in different parts but that lie closer than the merging distance are then joined, continuing average link
over whole clusters, so a border between parts does not split one idea into two themes.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._fast.cluster import kmeans, unit_rows

if TYPE_CHECKING:
    import numpy as np


def anchor_parts(x: "np.ndarray", n_parts: int, prototypes: "np.ndarray", random_state: int = 0) -> "np.ndarray":
    """The part of each unit row of ``x``: the nearest of ``n_parts`` groups of codebook prototypes.

    The groups come from spherical k-means over the prototypes alone, so they are the same for any input of a
    similar size.

    >>> import numpy as np
    >>> prototypes = unit_rows(np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], dtype="float32"))
    >>> parts = anchor_parts(unit_rows(np.array([[1, 0.1], [0.1, 1], [0.8, 0.2]], dtype="float32")), 2, prototypes)
    >>> bool(parts[0] == parts[2] != parts[1])
    True
    """
    import numpy as np

    groups, _ = kmeans(prototypes, max(1, min(n_parts, len(prototypes))), random_state, init="k-means++")
    centres = unit_rows(np.vstack([prototypes[groups == g].mean(axis=0) for g in np.unique(groups)]))
    return (np.asarray(x) @ centres.T.astype(x.dtype)).argmax(axis=1)


def merge_across_parts(clusters: Sequence[Sequence[int]], part_of: Sequence[int], x: "np.ndarray",
                       threshold: float) -> list[list[int]]:
    """Join clusters from different parts while two lie closer than ``threshold``, closest pair first.

    The distance between two clusters of unit rows is their average-link distance, one minus the mean
    similarity of their members, which their summed vectors give exactly. Average link inside a part already
    stopped below ``threshold``, so only pairs from different parts start out close enough; a joined cluster can
    only come close to a neighbour of one of its two halves. Returns the clusters (row indices, ascending) in
    order of their first row.

    >>> import numpy as np
    >>> x = np.array([[1, 0], [1, 0], [0.8, 0.6], [0, 1]], dtype="float32")
    >>> merge_across_parts([[0, 1], [2], [3]], [0, 1, 1], x, 0.3)
    [[0, 1, 2], [3]]
    """
    import numpy as np

    members = [sorted(c) for c in clusters]
    if len(members) < 2:
        return members
    sums = [np.asarray(x[c], dtype="float64").sum(axis=0) for c in members]
    sizes = [float(len(c)) for c in members]
    parts = np.asarray(part_of)
    means = (np.vstack(sums) / np.asarray(sizes)[:, None]).astype("float32")
    near: list[set[int]] = [set() for _ in members]
    heap: list[tuple[float, int, int]] = []
    block = 1024  # a block of clusters at a time: memory stays linear in the number of clusters
    for start in range(0, len(members), block):
        # Candidates in single precision with a little slack; each pair's distance is then taken exactly.
        similarity = means[start:start + block] @ means.T
        for a, b in zip(*np.nonzero(similarity > 1.0 - threshold - 1e-4)):
            a, b = int(a) + start, int(b)
            if a >= b or parts[a] == parts[b]:
                continue
            distance = 1.0 - float(sums[a] @ sums[b]) / (sizes[a] * sizes[b])
            if distance < threshold:
                heap.append((distance, a, b))
                near[a].add(b)
                near[b].add(a)
    heapq.heapify(heap)
    alive = [True] * len(members)
    while heap:
        _, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        alive[a] = alive[b] = False
        joined = len(members)
        members.append(members[a] + members[b])
        sums.append(sums[a] + sums[b])
        sizes.append(sizes[a] + sizes[b])
        alive.append(True)
        near.append(set())
        for k in (near[a] | near[b]) - {a, b}:
            if not alive[k]:
                continue
            near[k] -= {a, b}
            distance = 1.0 - float(sums[joined] @ sums[k]) / (sizes[joined] * sizes[k])
            if distance < threshold:
                heapq.heappush(heap, (distance, k, joined))
                near[k].add(joined)
                near[joined].add(k)
    return sorted((sorted(c) for c, ok in zip(members, alive) if ok), key=lambda c: c[0])


def parts_for(n_rows: int, limit: int) -> int:
    """How many parts a large input is cut into: about half ``limit`` rows each."""
    return math.ceil(2 * n_rows / limit)


# -------------------------------------------------------------------------------------------- memory

_CODE: list[str] = []


def _code_digest() -> str:
    """Identifies the clustering code and the numeric libraries under it: a remembered result is used only by
    the code that would compute it again."""
    if not _CODE:
        import numpy
        import scipy

        here = Path(__file__).resolve().parent
        digest = hashlib.blake2b(digest_size=16)
        for source in (here / "finder.py", here / "partition.py", here.parent.parent / "_fast" / "cluster.py"):
            digest.update(source.read_bytes())
        digest.update(f"{numpy.__version__}|{scipy.__version__}".encode())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


@functools.lru_cache(maxsize=1)
def package_digest() -> str:
    """Identifies all of infosynth's code and the lemma table its labels read, for results (theme cards) that
    draw on more of the package than the clustering does."""
    from ..._fast.lookups import LOOKUPS_FILE

    package = Path(__file__).resolve().parents[2]
    digest = hashlib.blake2b(digest_size=16)
    digest.update(_code_digest().encode())
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    if LOOKUPS_FILE.is_file():
        digest.update(LOOKUPS_FILE.read_bytes())
    return digest.hexdigest()


def row_fingerprints(x: "np.ndarray") -> "np.ndarray":
    """Two 64-bit fingerprints of each row's exact bytes (random linear hashes mod 2**64, fixed seed).

    Cheaper than hashing every row with a cryptographic hash, and for vectors that nobody crafts to collide, as
    distinct: two rows that differ in any bit get the same pair with a chance of about 2**-128.

    >>> import numpy as np
    >>> x = np.array([[0.6, 0.8], [0.6, 0.8], [0.8, 0.6]], dtype="float32")
    >>> f = row_fingerprints(x)
    >>> bool((f[0] == f[1]).all()), bool((f[0] == f[2]).all())
    (True, False)
    """
    import numpy as np

    words = np.ascontiguousarray(x).view(np.uint8).reshape(len(x), -1)
    pad = (-words.shape[1]) % 8
    words = np.pad(words, ((0, 0), (0, pad))).view(np.uint64) if pad else words.view(np.uint64)
    weights = np.random.default_rng(20261206).integers(1, 2**63, size=(words.shape[1], 2), dtype=np.uint64) | 1
    return words @ weights  # unsigned integers wrap around: arithmetic mod 2**64


def memory_key(kind: str, settings: Sequence[Any], fingerprints: Sequence["np.ndarray"],
               labels: Sequence[Any] = ()) -> str:
    """A digest of everything a clustering step reads: its kind and settings, the fingerprints of its input rows
    (:func:`row_fingerprints`, in order) and any labels (such as which note each row comes from)."""
    import numpy as np

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{_code_digest()}|{kind}|{list(settings)!r}|{list(labels)!r}".encode())
    for rows in fingerprints:
        rows = np.ascontiguousarray(rows)
        digest.update(f"{rows.shape}".encode())
        digest.update(rows.data)
    return digest.hexdigest()
