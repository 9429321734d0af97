"""The default spaCy pipeline: blank English with the shipped sentencizer and lemma tables."""

import spacy

from infosynth.nlp import BLANK_PIPELINE, _load


def test_the_blank_pipeline_splits_and_lemmatises_like_the_shipped_folder():
    # get_nlp skips reading the folder's tokenizer back from disk: that is only right while the saved tokenizer
    # is spaCy's English one (rebuild the folder with scripts/build_spacy_pipeline.py when this fails).
    saved = spacy.load(BLANK_PIPELINE)
    nlp = _load.__wrapped__("blank")  # a fresh one: the shared pipeline may have learnt special cases since
    assert nlp.tokenizer.to_bytes() == saved.tokenizer.to_bytes()
    text = "Dr. Okafor's team didn't hire new grads in Q3. She's been running the e-learning pilots since 2019!"
    ours, theirs = nlp(text), saved(text)
    assert [(t.text, t.lemma_, t.is_sent_start) for t in ours] == [(t.text, t.lemma_, t.is_sent_start) for t in theirs]
    assert [s.text for s in ours.sents] == ["Dr. Okafor's team didn't hire new grads in Q3.",
                                             "She's been running the e-learning pilots since 2019!"]
    lemmas = {t.text: t.lemma_ for t in ours}
    assert (lemmas["running"], lemmas["grads"], lemmas["pilots"]) == ("run", "grad", "pilot")
