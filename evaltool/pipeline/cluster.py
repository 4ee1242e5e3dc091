"""Batches of documents as Dask tasks, for runs that one process (or one machine) is too small for.

Without ``--workers``/``--scheduler`` nothing here is used and Dask is never imported. With them, a
client is connected (or a local cluster started) and each batch of documents becomes a task; a
worker evaluates it with its own model, loaded once per worker process (a lazily built module-level
embedder), and the reports come back in input order, so the output is byte-identical to a
single-process run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..config import EmbedConfig
from ..embed import CachedEmbedder, load_embedder
from ..embed.requests import drive
from ..errors import InputError
from ..records import DocReport
from .inputs import Work
from .stages import Settings, document_report

if TYPE_CHECKING:
    from distributed import Client

# The model of each worker process, by its settings: loaded by the first task that needs it.
_WORKER_EMBEDDERS: dict[EmbedConfig, CachedEmbedder] = {}


def worker_embedder(config: EmbedConfig) -> CachedEmbedder:
    """This process's embedder for ``config``, loaded on first use and kept for later tasks."""
    if config not in _WORKER_EMBEDDERS:
        _WORKER_EMBEDDERS[config] = load_embedder(config)
    return _WORKER_EMBEDDERS[config]


def evaluate_batch(work: Sequence[Work], settings: Settings) -> list[DocReport]:
    """One task: the reports of a batch of documents, their embeddings batched together."""
    embedder = worker_embedder(settings.config.embed)
    return drive([document_report(w, settings) for w in work], embedder)


@contextmanager
def dask_client(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a local cluster of ``workers`` processes
    (one thread each: the model uses the cores it is given)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--workers/--scheduler need Dask: pip install 'evaltool[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=30)
        except OSError as exc:
            raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


def map_in_order(client: Client, batches: Iterable[Sequence[Work]], settings: Settings, *, ahead: int) -> Iterator[DocReport]:
    """Each batch's reports, in order, with at most ``ahead`` batches submitted and not yet collected
    (so memory holds a bounded number of finished reports)."""
    pending: deque[Any] = deque()
    remote_settings = client.scatter(settings, broadcast=True)
    for batch in batches:
        pending.append(client.submit(evaluate_batch, list(batch), remote_settings, pure=False))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
