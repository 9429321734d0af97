"""The shipped sentence-embedding model: shape, normalisation, determinism, meaning, offline loading."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from infosynth.analysis.embed import MODEL_DIR, MODEL_VERSION, embed, embedding_dim

# (sentence, a paraphrase of it) from different occupations; each pair shares few words. A static
# model needs at least some related vocabulary: pure rewordings with no shared concept words are weak.
PARAPHRASES = [
    (
        "Most of her mornings go to reviewing code and pairing with junior developers.",
        "She starts each day looking over pull requests and mentoring newer engineers.",
    ),
    (
        "Teachers here spend Sunday evenings planning lessons for the week.",
        "Preparing the coming week's classes eats into the weekend for the teaching staff.",
    ),
    (
        "The firm expects associates to bill around two thousand hours a year.",
        "Junior lawyers have a yearly target of roughly 2,000 chargeable hours.",
    ),
    (
        "Apprentice electricians learn mostly by shadowing a licensed journeyman on site.",
        "Trainee sparkies pick up the trade by working alongside a qualified electrician.",
    ),
    (
        "Nobody gets blamed when an outage happens; the team writes a blameless postmortem.",
        "After an incident nobody is blamed; the team reviews together what went wrong.",
    ),
]


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    return vectors @ vectors.T


def test_rows_are_unit_float32_with_the_advertised_width():
    texts = [pair[0] for pair in PARAPHRASES] + ["SQL", "Wants to move into UX research within two years."]
    vectors = embed(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(texts), embedding_dim())
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_an_empty_matrix_of_the_right_width():
    assert embed([]).shape == (0, embedding_dim())
    assert embed(()).dtype == np.float32


def test_text_without_any_known_token_is_similar_to_nothing():
    vectors = embed(["", "Runs the night shift on a surgical ward."])
    assert not vectors[0].any()
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-5)


def test_a_single_string_is_refused_rather_than_split_into_characters():
    with pytest.raises(TypeError):
        embed("Manages a team of five")


def test_vectors_do_not_depend_on_call_or_batch_neighbours():
    text = "Hiring managers care more about a portfolio than a degree."
    alone = embed([text])[0]
    in_batch = embed(["Unrelated words about the weather.", text, text.upper()])
    np.testing.assert_array_equal(alone, in_batch[1])
    np.testing.assert_array_equal(alone, embed([text])[0])
    # The base model is uncased: capitalisation does not change meaning.
    np.testing.assert_allclose(alone, in_batch[2], atol=1e-6)


def test_each_career_sentence_is_closest_to_its_paraphrase():
    texts = [sentence for pair in PARAPHRASES for sentence in pair]
    similarity = cosine_matrix(embed(texts))
    np.fill_diagonal(similarity, -1.0)
    for index in range(len(texts)):
        partner = index + 1 if index % 2 == 0 else index - 1
        assert similarity[index].argmax() == partner, texts[index]


def test_related_career_sentences_score_above_unrelated_ones():
    skill, paraphrase, unrelated = embed(
        [
            "To get into data analysis she recommends learning SQL and basic statistics.",
            "Knowing how to query databases and read experiment results is essential for analysts.",
            "My grey cat sleeps on the radiator all winter.",
        ]
    )
    assert skill @ paraphrase > skill @ unrelated + 0.2


def test_model_version_tracks_the_shipped_weights():
    digest = hashlib.sha256((MODEL_DIR / "model.safetensors").read_bytes()).hexdigest()
    assert digest[:12] in MODEL_VERSION
    assert str(embedding_dim()) in MODEL_VERSION


def test_model_loads_and_embeds_with_the_network_blocked(tmp_path):
    # A fresh interpreter in which any socket connection fails, with no Hugging Face settings.
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse

        from infosynth.analysis.embed import embed
        print(embed(["Shadowed a pharmacist for a week."]).shape)
        """
    )
    env = {"PATH": "", "HOME": str(tmp_path), "PYTHONPATH": str(MODEL_DIR.parents[3])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"(1, {embedding_dim()})"


def test_vectors_equal_model2vecs_own_encoding():
    # The model is read with tokenizers + safetensors directly (fast start-up); it must embed exactly as
    # model2vec, which built it, does: long texts cut, unknown tokens dropped, float16 mean, unit length.
    model2vec = pytest.importorskip("model2vec")
    from infosynth.analysis.embed import _load_model

    reference = model2vec.StaticModel.from_pretrained(MODEL_DIR)
    texts = [text for pair in PARAPHRASES for text in pair] + [
        "", "!!!", "naïve café — 12-hour shifts", "日本語のメモ", "🙂", "budget " * 2000, "x" * 6000,
        "Met Dr. O'Neil (ICU) re: night shifts; 3x12h/wk, self-rostered via the app.",
    ]
    ours = _load_model().encode(texts)
    theirs = reference.encode(texts, show_progress_bar=False, use_multiprocessing=False)
    assert ours.dtype == theirs.dtype
    assert np.array_equal(ours, theirs)


def test_embedding_imports_neither_model2vec_nor_torch():
    script = "import sys; from infosynth.analysis.embed import embed; embed(['a note']); " \
             "print(sorted(m for m in ('model2vec', 'torch', 'huggingface_hub') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
