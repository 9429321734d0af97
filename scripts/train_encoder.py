"""Fine-tune all-MiniLM-L6-v2 so that snippets saying the same thing about a job sit close together.

Training data is this project's own text, nothing else:

* the theme codebook (``infosynth/data/themes/codebook.toml``): for each idea, examples written in many
  occupations and note styles. A supervised contrastive loss pulls examples of one theme together and pushes
  the other themes in the batch away. Each batch holds ``--themes-per-batch`` themes with
  ``--per-theme`` examples each, so every example has positives in its batch and no negative shares its theme.
* optionally the tagging seed corpus (``infosynth/data/tagging/seed.csv``): a small linear head predicts its
  categories from the sentence vector (``--category-weight``), so that tuning for themes keeps what tagging
  reads from the same vectors.

Every ``--holdout`` th example of each theme (by position) is kept out of training; the script reports how
well average-link clustering of those unseen examples recovers their themes, before and after tuning
(B-cubed F1 and adjusted Rand index at a few cosine distances). ``--leave-out-family`` also keeps a whole
family of themes out of training, to see whether the tuning helps ideas it never saw.

    source .venv-train/bin/activate     # torch, transformers: see scripts/build_encoder.py
    python scripts/train_encoder.py --out build/encoder-tuned
    python scripts/build_encoder.py --weights build/encoder-tuned

Deterministic: seeded, one thread by default; the same data and options give the same weights.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REPO_ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = REPO_ROOT / "infosynth" / "data" / "themes" / "codebook.toml"
SEED = REPO_ROOT / "infosynth" / "data" / "tagging" / "seed.csv"
CATEGORIES = ("roles", "skills", "day-to-day", "culture")
MAX_TOKENS = 128


# ------------------------------------------------------------------------------------------------- data


def load_themes(path: Path) -> list[dict]:
    """Codebook themes: slug, family and example texts."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return [{"slug": t["slug"], "family": t.get("family", ""), "examples": list(t.get("examples", ()))}
            for t in data.get("theme", [])]


def split_examples(themes: list[dict], holdout: int, leave_out_family: str = ""):
    """(train, validation) lists of (text, theme index); every ``holdout``-th example goes to validation,
    and all examples of the left-out family."""
    train, valid = [], []
    for index, theme in enumerate(themes):
        for pos, text in enumerate(theme["examples"]):
            if leave_out_family and theme["family"] == leave_out_family:
                valid.append((text, index))
            elif holdout and pos % holdout == holdout - 1:
                valid.append((text, index))
            else:
                train.append((text, index))
    return train, valid


def load_seed(path: Path) -> list[tuple[str, list[int]]]:
    """Tagging seed sentences with their categories as a 0/1 vector."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        cats = {c.strip() for c in (row.get("categories") or "").split(";") if c.strip()}
        out.append((row["text"], [int(c in cats) for c in CATEGORIES]))
    return out


# Notes often stamp a line with a time ("7:30 - ...", "at 2pm ..."), lower-case it or drop the full stop. The
# same idea in those dresses must stay the same idea, so examples are sometimes re-dressed that way in training;
# otherwise a theme whose examples happen to carry clock times (how the day starts) would claim every timed line.
_TIMES = ["6:30", "7am", "7:45", "8.15", "9:00", "10am", "10:30", "11:15", "noon", "12.30", "1pm", "14:00",
          "3:30pm", "4pm", "16:45", "5.30", "6pm", "19:00", "8pm", "11pm", "2am", "3:00 AM"]
_TIME_FORMS = ["{t} - {x}", "{t}: {x}", "{t} {x}", "At {t}, {x}", "Around {t} {x}", "{x} ({t})", "{t} – {x}"]


def redress(text: str, rng) -> str:
    """``text`` in another note-taking dress: a time stamp, lower case without the full stop, or both."""
    kind = rng.random()
    out = text
    if kind < 0.6:
        lowered = out[:1].lower() + out[1:] if not out[:2].isupper() else out
        form = rng.choice(_TIME_FORMS)
        body = lowered if form.startswith("{t}") or form.startswith("At") or form.startswith("Around") else out
        out = form.format(t=rng.choice(_TIMES), x=body)
    if kind > 0.4:
        out = out.rstrip(".").lower()
    return out


def theme_batches(train: list[tuple[str, int]], themes_per_batch: int, per_theme: int, steps: int, rng,
                  augment: float = 0.0):
    """``steps`` batches of ``themes_per_batch`` distinct themes × ``per_theme`` examples each.

    Themes are visited in shuffled rounds and each theme's examples in a shuffled cycle, so every example is
    seen about equally often."""
    by_theme: dict[int, list[str]] = defaultdict(list)
    for text, label in train:
        by_theme[label].append(text)
    labels = sorted(t for t, texts in by_theme.items() if len(texts) >= 2)
    cycles = {t: [] for t in labels}
    order: list[int] = []
    for _ in range(steps):
        batch_labels = []
        while len(batch_labels) < min(themes_per_batch, len(labels)):
            if not order:
                order = labels[:]
                rng.shuffle(order)
            label = order.pop()
            if label not in batch_labels:
                batch_labels.append(label)
        texts, batch_y = [], []
        for label in batch_labels:
            for _ in range(per_theme):
                if not cycles[label]:
                    cycles[label] = by_theme[label][:]
                    rng.shuffle(cycles[label])
                text = cycles[label].pop()
                texts.append(redress(text, rng) if augment and rng.random() < augment else text)
                batch_y.append(label)
        yield texts, batch_y


# ------------------------------------------------------------------------------------------------ model


def load_model(weights: Path):
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(weights))
    model = AutoModel.from_pretrained(str(weights))
    return tokenizer, model


def embed(model, tokenizer, texts: list[str]):
    """Mean-pooled, L2-normalised sentence vectors (as the exported graph computes them)."""
    import torch

    enc = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    hidden = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"],
                   token_type_ids=torch.zeros_like(enc["input_ids"])).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=1)


def supervised_contrastive(z, labels, scale: float):
    """Mean over anchors of -log(sum of same-theme similarities / sum over all others), softmax at ``scale``."""
    import torch

    y = torch.as_tensor(labels)
    logits = scale * (z @ z.T)
    self_mask = torch.eye(len(y), dtype=torch.bool)
    logits = logits.masked_fill(self_mask, float("-inf"))
    positive = (y[:, None] == y[None, :]) & ~self_mask
    log_all = torch.logsumexp(logits, dim=1)
    log_pos = torch.logsumexp(logits.masked_fill(~positive, float("-inf")), dim=1)
    return (log_all - log_pos).mean()


def encode_all(model, tokenizer, texts: list[str], batch: int = 64):
    import numpy as np
    import torch

    model.eval()
    vectors = np.zeros((len(texts), model.config.hidden_size), dtype="float32")
    with torch.no_grad():
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            vectors[idx] = embed(model, tokenizer, [texts[i] for i in idx]).numpy()
    return vectors


# ------------------------------------------------------------------------------------------- evaluation


def bcubed_ari(gold: list[int], pred: list[int]) -> tuple[float, float, float, float]:
    from collections import Counter

    n = len(gold)
    gs, ps = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred)):
        gs[g].add(i)
        ps[p].add(i)
    prec = sum(len(gs[g] & ps[p]) / len(ps[p]) for g, p in zip(gold, pred)) / n
    rec = sum(len(gs[g] & ps[p]) / len(gs[g]) for g, p in zip(gold, pred)) / n
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    pairs = lambda k: k * (k - 1) / 2  # noqa: E731
    index = sum(pairs(v) for v in Counter(zip(gold, pred)).values())
    sa, sb = sum(pairs(v) for v in Counter(gold).values()), sum(pairs(v) for v in Counter(pred).values())
    expected = sa * sb / pairs(n)
    ari = (index - expected) / ((sa + sb) / 2 - expected) if (sa + sb) / 2 != expected else 0.0
    return prec, rec, f1, ari


def cluster_scores(vectors, labels: list[int], thresholds=(0.4, 0.5, 0.6, 0.7)) -> dict:
    """Average-link clustering of ``vectors`` at each cosine-distance threshold, scored against ``labels``."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    tree = linkage(pdist(vectors, metric="cosine"), method="average")
    out = {}
    for t in thresholds:
        pred = fcluster(tree, t=t, criterion="distance").tolist()
        p, r, f, a = bcubed_ari(labels, pred)
        out[f"{t:.1f}"] = {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "ARI": round(a, 3),
                           "clusters": int(len(set(pred)))}
    # Nearest-theme accuracy of each example against the others (leave-one-out 1-NN).
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1)
    out["1nn"] = round(float(np.mean(np.asarray(labels)[sims.argmax(1)] == np.asarray(labels))), 3)
    return out


def report(model, tokenizer, valid: list[tuple[str, int]], tag: str) -> dict:
    vectors = encode_all(model, tokenizer, [t for t, _ in valid])
    scores = cluster_scores(vectors, [y for _, y in valid])
    print(f"[{tag}] held-out examples ({len(valid)}): " + json.dumps(scores), flush=True)
    return scores


# ------------------------------------------------------------------------------------------------- main


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the tuned weights (HF format)")
    parser.add_argument("--weights", type=Path, help="start from these weights (default: base all-MiniLM-L6-v2)")
    parser.add_argument("--codebook", type=Path, default=CODEBOOK)
    parser.add_argument("--seed-corpus", type=Path, default=SEED)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--themes-per-batch", type=int, default=16)
    parser.add_argument("--per-theme", type=int, default=4)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--scale", type=float, default=20.0, help="inverse temperature of the contrastive loss")
    parser.add_argument("--category-weight", type=float, default=0.0,
                        help="weight of the seed-corpus category loss (0: themes only)")
    parser.add_argument("--category-batch", type=int, default=32)
    parser.add_argument("--augment", type=float, default=0.0,
                        help="share of training examples shown re-dressed (time stamps, lower case)")
    parser.add_argument("--preserve-weight", type=float, default=0.0,
                        help="weight of a term keeping the base model's similarities among seed-corpus sentences")
    parser.add_argument("--holdout", type=int, default=5, help="every N-th example of a theme is held out (0: none)")
    parser.add_argument("--leave-out-family", default="")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-every", type=int, default=0)
    args = parser.parse_args(argv)

    import numpy as np
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_encoder import base_model_dir

    weights = args.weights or base_model_dir()
    tokenizer, model = load_model(weights)
    themes = load_themes(args.codebook)
    train, valid = split_examples(themes, args.holdout, args.leave_out_family)
    print(f"{len(themes)} themes, {len(train)} training examples, {len(valid)} held out", flush=True)
    before = report(model, tokenizer, valid, "before") if valid else {}

    head = None
    seed_rows: list[tuple[str, list[int]]] = []
    params = list(model.parameters())
    if args.category_weight > 0 or args.preserve_weight > 0:
        seed_rows = load_seed(args.seed_corpus)
    if args.category_weight > 0:
        head = torch.nn.Linear(model.config.hidden_size, len(CATEGORIES))
        params += list(head.parameters())
    teacher = None
    if args.preserve_weight > 0:
        # The base model's vectors for every seed sentence, computed once: the tuned model should keep their
        # mutual similarities (what a sentence is about), while moving same-theme examples together.
        teacher = torch.from_numpy(encode_all(model, tokenizer, [t for t, _ in seed_rows]))
    optimiser = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / max(1, args.warmup)) * max(0.0, 1 - s / args.steps) ** 0.5)
    seed_order: list[int] = []
    started = time.time()
    log = []
    for step, (texts, labels) in enumerate(
            theme_batches(train, args.themes_per_batch, args.per_theme, args.steps, rng, args.augment), start=1):
        model.train()
        loss = supervised_contrastive(embed(model, tokenizer, texts), labels, args.scale)
        theme_loss = float(loss.detach())
        if seed_rows:
            if len(seed_order) < args.category_batch:
                seed_order = list(range(len(seed_rows)))
                rng.shuffle(seed_order)
            picked_ids = [seed_order.pop() for _ in range(args.category_batch)]
            picked = [seed_rows[i] for i in picked_ids]
            z = embed(model, tokenizer, [t for t, _ in picked])
            if head is not None:
                target = torch.tensor([y for _, y in picked], dtype=torch.float32)
                # Scaled cosine features, as a logistic regression on unit vectors would see them.
                cat_loss = torch.nn.functional.binary_cross_entropy_with_logits(head(z * 10), target)
                loss = loss + args.category_weight * cat_loss
            if teacher is not None:
                t = teacher[picked_ids]
                loss = loss + args.preserve_weight * torch.mean((z @ z.T - t @ t.T) ** 2) * 100
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        schedule.step()
        if step % 25 == 0 or step == args.steps:
            rate = (time.time() - started) / step
            print(f"step {step}/{args.steps}  theme loss {theme_loss:.3f}  total {float(loss.detach()):.3f}  "
                  f"{rate:.2f} s/step", flush=True)
        if args.eval_every and step % args.eval_every == 0 and step < args.steps and valid:
            log.append({"step": step, **report(model, tokenizer, valid, f"step {step}")})
    after = report(model, tokenizer, valid, "after") if valid else {}

    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(args.out), safe_serialization=True)
    tokenizer.save_pretrained(str(args.out))
    record = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    record |= {"codebook_sha256": _sha256(args.codebook),
               "seed_corpus_sha256": _sha256(args.seed_corpus) if seed_rows else None,
               "themes": len(themes), "train_examples": len(train), "held_out": len(valid),
               "held_out_before": before, "held_out_after": after, "log": log,
               "minutes": round((time.time() - started) / 60, 1)}
    (args.out / "training.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    np.random.seed(args.seed)
    print(f"saved {args.out} in {record['minutes']} min")


if __name__ == "__main__":
    main()
