"""The shipped codebook of known themes (``data/themes/codebook.toml``) and the vector index of its examples."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...resources import DATA_DIR

if TYPE_CHECKING:
    import numpy as np


CODEBOOK_PATH = DATA_DIR / "themes" / "codebook.toml"


INDEX_PATH = DATA_DIR / "themes" / "index"


@dataclass(frozen=True)
class CodebookTheme:
    """One entry of the theme codebook.

    ``contrary`` holds examples of the opposite view and ``contrary_name`` names it; both are empty for themes
    that name a topic rather than take a side.
    """

    slug: str
    name: str
    category: str
    description: str
    examples: tuple[str, ...]
    family: str = ""  # slug of the broader group it belongs to
    contrary: tuple[str, ...] = ()
    contrary_name: str = ""


def load_codebook(path: str | Path | None = None) -> list[CodebookTheme]:
    """Read a codebook TOML file (the shipped one by default).

    >>> book = load_codebook()
    >>> len(book) >= 100 and all(len(t.examples) >= 20 for t in book)
    True
    """
    return list(load_codebook_cached(str(path or CODEBOOK_PATH)))


@functools.lru_cache(maxsize=4)
def load_codebook_cached(path: str) -> tuple[CodebookTheme, ...]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    themes = tuple(
        CodebookTheme(
            slug=entry["slug"], name=entry.get("name", entry["slug"]), category=entry.get("category", ""),
            description=entry.get("description", ""), examples=tuple(entry.get("examples", ())),
            family=entry.get("family", ""), contrary=tuple(entry.get("contrary", ())),
            contrary_name=entry.get("contrary_name", ""),
        )
        for entry in data.get("theme", [])
    )
    slugs = [t.slug for t in themes]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{path}: duplicate theme slugs")
    return themes


class CodebookIndex:
    """The codebook as points in the encoder's space.

    ``prototypes`` (themes × dim): the normalised mean vector of each theme's examples. ``stance_coef`` /
    ``stance_intercept``: for each theme with contrary examples (``stance_rows`` maps its row to the theme's
    position), a logistic regression telling the theme's view (1) from the opposite one (0).

    The shipped index (``data/themes/index.npz``) is used when it was built from exactly this codebook and
    encoder; otherwise the index is rebuilt in memory (a few seconds for the shipped codebook's size).
    """

    def __init__(self, codebook: Sequence[CodebookTheme], prototypes: "np.ndarray", stance_rows: dict[int, int],
                 stance_coef: "np.ndarray", stance_intercept: "np.ndarray"):
        self.codebook = list(codebook)
        self.prototypes = prototypes
        self.stance_rows = stance_rows
        self.stance_coef = stance_coef
        self.stance_intercept = stance_intercept

    @classmethod
    def build(cls, codebook: Sequence[CodebookTheme], encode_fn) -> "CodebookIndex":
        """Encode the examples and fit the stance models (needs scikit-learn)."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        dim = None
        prototypes: list[Any] = []
        rows: dict[int, int] = {}
        coefs: list[Any] = []
        intercepts: list[Any] = []
        for index, theme in enumerate(codebook):
            vectors = np.asarray(encode_fn(list(theme.examples) or [theme.description]), dtype="float64")
            dim = vectors.shape[1]
            centre = vectors.mean(axis=0)
            prototypes.append(centre / max(np.linalg.norm(centre), 1e-9))
            if theme.contrary:
                against = np.asarray(encode_fn(list(theme.contrary)), dtype="float64")
                x = np.vstack([vectors, against])
                y = np.r_[np.ones(len(vectors)), np.zeros(len(against))]
                model = LogisticRegression(C=64.0, max_iter=5000).fit(x, y)
                rows[index] = len(coefs)
                coefs.append(model.coef_[0])
                intercepts.append(model.intercept_[0])
        return cls(codebook, np.asarray(prototypes, dtype="float32").reshape(len(codebook), dim or 0), rows,
                   np.asarray(coefs, dtype="float32").reshape(len(coefs), dim or 0),
                   np.asarray(intercepts, dtype="float32"))

    def stance(self, theme_index: int, vectors: "np.ndarray") -> "np.ndarray | None":
        """Probability that each vector states the codebook theme's view rather than its opposite; None when
        the theme takes no side."""
        import numpy as np

        row = self.stance_rows.get(theme_index)
        if row is None:
            return None
        z = np.asarray(vectors, dtype="float64") @ self.stance_coef[row] + self.stance_intercept[row]
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path, fingerprint: str) -> None:
        import numpy as np

        meta = {"fingerprint": fingerprint, "slugs": [t.slug for t in self.codebook],
                "stance_rows": {str(k): v for k, v in self.stance_rows.items()}}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
        with open(path.with_suffix(".npz"), "wb") as fh:
            np.savez_compressed(fh, prototypes=self.prototypes, stance_coef=self.stance_coef,
                                stance_intercept=self.stance_intercept)

    @classmethod
    def load(cls, codebook: Sequence[CodebookTheme], path: Path, fingerprint: str) -> "CodebookIndex | None":
        import numpy as np

        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            arrays = np.load(path.with_suffix(".npz"))
        except (OSError, ValueError):
            return None
        if meta.get("fingerprint") != fingerprint or meta.get("slugs") != [t.slug for t in codebook]:
            return None
        return cls(codebook, arrays["prototypes"], {int(k): v for k, v in meta["stance_rows"].items()},
                   arrays["stance_coef"], arrays["stance_intercept"])


def index_fingerprint(codebook_path: str) -> str:
    """Identifies what an index was built from: the codebook's bytes and the encoder's version."""
    from ..encoder import MODEL_VERSION

    digest = hashlib.sha256(Path(codebook_path).read_bytes())
    digest.update(MODEL_VERSION.encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def codebook_index(codebook_path: str = str(CODEBOOK_PATH)) -> CodebookIndex:
    """The shipped index for the shipped codebook; any other codebook is indexed once per process."""
    from ..encoder import encode

    codebook = load_codebook_cached(codebook_path)
    fingerprint = index_fingerprint(codebook_path)
    index = CodebookIndex.load(codebook, INDEX_PATH, fingerprint) if codebook_path == str(CODEBOOK_PATH) else None
    return index or CodebookIndex.build(codebook, encode)
