"""Rebuild the codebook index shipped next to the codebook.

    python scripts/train_themes.py

Encodes every codebook example with the shipped sentence encoder and writes
``infosynth/data/themes/index.{json,npz}``: one prototype per codebook theme (the mean of its examples) and,
for themes with contrary examples, a logistic regression telling the theme's view from the opposite one.
Run it after editing the codebook or replacing the encoder; a build whose codebook or encoder differs from the
index's fingerprint rebuilds the index in memory instead (a few seconds). Deterministic: the same codebook and
encoder give the same index.
"""

from __future__ import annotations

from infosynth.analysis.encoder import encode
from infosynth.analysis.themes.codebook import (
    CODEBOOK_PATH,
    INDEX_PATH,
    CodebookIndex,
    index_fingerprint,
    load_codebook,
)


def main() -> None:
    codebook = load_codebook()
    index = CodebookIndex.build(codebook, encode)
    index.save(INDEX_PATH, index_fingerprint(str(CODEBOOK_PATH)))
    print(f"wrote {INDEX_PATH}.json/.npz ({len(codebook)} themes, {len(index.stance_rows)} with a stance model)")


if __name__ == "__main__":
    main()
