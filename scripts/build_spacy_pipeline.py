"""Rebuild the shipped blank-English spaCy pipeline (sentencizer + lookup lemmatizer).

The lemma tables come from spacy-lookups-data (MIT), which is large (~100 MB) and only needed here:
the saved pipeline folder carries the English lookup table and loads without it.

    pip install spacy spacy-lookups-data
    python scripts/build_spacy_pipeline.py
"""

from pathlib import Path

import spacy

TARGET = Path(__file__).resolve().parent.parent / "infosynth" / "data" / "spacy-en-lookup"


def main() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "infosynth_en_lookup"
    nlp.meta["version"] = "1.0.0"
    nlp.to_disk(TARGET)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
