"""A function over many items, in forked processes that inherit this one's memory.

For the stages that are cheap per item but many (reading every post's front matter,
rendering every listing page): the children see the items and whatever the function
closes over without pickling them, and send back only the results, in the items' order,
so the outcome does not depend on how the items were shared out. Each share takes every
k-th item, so that costly items that come together (a site's tag pages) are spread over
the processes. Forking a process that runs threads (the preview server) is unsafe, and
a few items are not worth a process: then the function runs here, one item after another.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""The function and items of the running `fork_map`, inherited by its children."""


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int,
             minimum: int = 64) -> list[Result]:
    """`function` of every item, in order; in `jobs` processes if there are `minimum` items."""
    if jobs <= 1 or len(items) < minimum or not _can_fork():
        return [function(item) for item in items]
    global _TASK
    _TASK = (function, items)
    shares = jobs * 4
    results: list[Any] = [None] * len(items)
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_ignore_interrupts)
    try:
        for first, part in enumerate(pool.map(_share, [(n, shares) for n in range(shares)])):
            results[first::shares] = part
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _TASK = None
    pool.shutdown(wait=True)
    return results


def _can_fork() -> bool:
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle


def _share(share: tuple[int, int]) -> list[Any]:
    """The results of items first, first + step, first + 2 * step..."""
    assert _TASK is not None
    function, items = _TASK
    first, step = share
    return [function(item) for item in items[first::step]]
