"""fork_map: results in the items' order, from other processes when there are enough items."""

from __future__ import annotations

import os
import threading

from sitegen.parallel import fork_map


def test_results_come_back_in_order_from_other_processes() -> None:
    items = list(range(100))
    results = fork_map(lambda n: (n * n, os.getpid()), items, jobs=2, minimum=10)
    assert [square for square, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}


def test_few_items_or_one_job_stay_in_this_process() -> None:
    assert fork_map(lambda n: os.getpid(), range(5), jobs=2, minimum=10) == [os.getpid()] * 5
    assert set(fork_map(lambda n: os.getpid(), range(50), jobs=1, minimum=10)) == {os.getpid()}


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(fork_map(lambda n: os.getpid(), range(50), jobs=2, minimum=10)) == \
            {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_an_error_in_a_child_reaches_the_caller() -> None:
    def fail(n: int) -> int:
        if n == 42:
            raise ValueError("forty-two")
        return n

    try:
        fork_map(fail, range(100), jobs=2, minimum=10)
    except ValueError as exc:
        assert "forty-two" in str(exc)
    else:
        raise AssertionError("the child's error was lost")
