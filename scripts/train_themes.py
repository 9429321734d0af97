"""Refit the theme codebook classifier and write the shipped weights next to the codebook.

    python scripts/train_themes.py

Writes ``infosynth/data/themes/classifier.{json,npz}``: the word model and the embedding model, each with a
fingerprint of what it was fitted on. Deterministic: the same codebook gives the same weights. A build whose
codebook or embedding model differs from the stored fingerprints refits in memory instead.
"""

from __future__ import annotations

from infosynth.embed import embed
from infosynth.themes import CLASSIFIER_PATH, CODEBOOK_PATH, CodebookClassifier, load_codebook


def main() -> None:
    codebook = load_codebook()
    model = CodebookClassifier(codebook, embed_fn=embed).fit()
    model.save(CLASSIFIER_PATH, str(CODEBOOK_PATH))
    print(f"wrote {CLASSIFIER_PATH}.json/.npz ({len(model.vocabulary_)} features, {len(codebook)} themes)")


if __name__ == "__main__":
    main()
