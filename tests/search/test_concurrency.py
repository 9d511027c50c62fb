"""Several processes write to and read from one index at once: no error, no lost update."""

import multiprocessing

from zwk_network.search.backend import SearchQuery
from zwk_network.search.documents import SearchDocument
from zwk_network.search.whoosh_backend import WhooshBackend

PROCESSES = 4
WRITES_PER_PROCESS = 15


def _writer(directory: str, worker: int, errors) -> None:
    try:
        for number in range(WRITES_PER_PROCESS):  # one commit per write, like one request each
            backend = WhooshBackend(directory)  # opened anew, as a starting worker does
            backend.index(
                [
                    SearchDocument(
                        key=f"initiative:{worker * 1000 + number}",
                        type="initiative",
                        entry_id=worker * 1000 + number,
                        name=f"Verein {worker} {number}",
                    )
                ]
            )
            backend.search(SearchQuery(text="Verein"))  # readers open the index while others commit
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(repr(error))


def test_parallel_writers_lose_nothing(tmp_path):
    directory = str(tmp_path / "index")
    WhooshBackend(directory)  # create it once, as the app does at start-up
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    workers = [context.Process(target=_writer, args=(directory, w, errors)) for w in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert errors.empty(), errors.get()
    keys = set(WhooshBackend(directory).versions())
    assert keys == {f"initiative:{w * 1000 + n}" for w in range(PROCESSES) for n in range(WRITES_PER_PROCESS)}
