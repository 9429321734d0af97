"""The shipped sentence encoder: offline, deterministic, batch-independent enough for caching and clustering."""

from __future__ import annotations

import json

import numpy as np
import pytest

from infosynth.analysis import encoder


def test_vectors_are_unit_length_and_empty_texts_are_zero():
    rows = encoder.encode(["Charts every patient's vitals at the start of the shift", "", "   "])
    assert rows.dtype == np.float32 and rows.shape == (3, encoder.encoder_dim())
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0, abs=1e-4)
    assert not rows[1].any() and not rows[2].any()


def test_meaning_beats_shared_words():
    a, b, c = encoder.encode([
        "The kitchen is chaos during the Friday dinner rush",
        "Weekend evenings in the restaurant are frantic",
        "The kitchen scale needs calibrating every Friday",
    ])
    assert a @ b > a @ c


def test_a_text_gets_the_same_vector_whatever_else_is_encoded_with_it():
    short = "Quarter end is brutal."
    alone = encoder.encode([short])[0]
    crowd = [f"A much longer line about audits, tax season and client deadlines number {i}" for i in range(40)]
    assert np.array_equal(alone, encoder.encode(crowd + [short])[-1])


def test_repeated_texts_are_encoded_once_and_identically():
    rows = encoder.encode(["Night shifts pay a differential", "Day shifts are busier"] * 3)
    assert np.array_equal(rows[0], rows[2]) and np.array_equal(rows[1], rows[5])


def test_model_version_tracks_the_shipped_file():
    info = json.loads((encoder.MODEL_DIR / "build_info.json").read_text())
    import hashlib

    digest = hashlib.sha256((encoder.MODEL_DIR / "model.onnx").read_bytes()).hexdigest()
    assert info["model_sha256"] == digest
    assert encoder.MODEL_VERSION == f"encoder-{digest[:12]}"


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="scripts/build_encoder.py"):
        encoder.Encoder.load(tmp_path)


def test_one_string_is_refused():
    with pytest.raises(TypeError):
        encoder.encode("just one text")


def test_vectors_are_the_same_bits_whatever_the_thread_count():
    texts = [f"Line {i}: charts vitals, then handover to the night team on ward {i}" for i in range(24)] + [""]
    one = encoder.Encoder.load(threads=1).encode(texts)
    three = encoder.Encoder.load(threads=3).encode(texts)
    assert np.array_equal(one, three)
    assert not one[-1].any()


def test_vectors_are_the_same_on_every_processor():
    """The vectors recorded when the model was built come back here, whatever vector instructions this processor
    has. Signed int8 weights failed this on x86 processors without VNNI (lowest cosine 0.95): ONNX Runtime's
    uint8 × int8 products saturate there, so themes and tags changed with the machine.

    Exact agreement is not to be had on every processor: on one with AVX-512 VNNI (onnxruntime 1.32.0), one of the
    66 reference lines came back at cosine 0.998 and every other one at 1.0000. Saturation moves many lines, and
    far more."""
    from pathlib import Path

    reference = np.load(Path(__file__).parent / "data" / "encoder-reference.npz")
    vectors = encoder.Encoder.load(threads=1).encode([str(t) for t in reference["texts"]])
    expected = reference["vectors"].astype(np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert len(vectors) == len(expected) > 60
    cosines = np.sum(vectors * expected, axis=1)
    assert float(np.median(cosines)) > 0.99999
    assert float(np.min(cosines)) > 0.995
