"""Real parallel HTTP requests for the tests of rules that must hold under concurrent writes."""

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(calls: list[Callable[[], T]], *, timeout: float = 60) -> list[T]:
    """Run each call in its own thread, all released together; their results, in order.

    A barrier holds the threads until every one is ready, so the requests reach the server
    within a few milliseconds of each other rather than one after the other.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # re-raised in the test's thread below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"a parallel request took more than {timeout} s")
    if errors:
        raise errors[0]
    return results
