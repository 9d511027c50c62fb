"""The compound splitter's memory-mapped model (search/compound_model.py): the same splits as
compound-split, no dictionary in the processes that split, and a file that is written anew when it
is missing, stale or broken – also after its writer was killed half-way."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import make_app
from zwk_network.config import StartupError
from zwk_network.search import compound_model
from zwk_network.search.compound_model import (
    FILE_NAME,
    CompoundModel,
    ModelUnusable,
    ensure_model,
    source_tag,
    write_model,
)

ROOT = Path(__file__).resolve().parents[2]
OLD = "compound-split 0.1 (an older version)"
TINY = {
    "prefix": {"haus": 0.9, "bus": 0.8},
    "infix": {"erha": 0.1},
    "suffix": {"dorf": 0.7, "bürger": 0.6},
}


def test_splits_as_compound_split_does():
    from compound_split import char_split, de_ngram_probs

    rng = random.Random(5)
    heads, tails = sorted(de_ngram_probs.suffix), sorted(de_ngram_probs.prefix)
    words = [rng.choice(heads) + rng.choice(tails) for _ in range(300)]
    words += ["Seniorenfrühstück", "Dorfgemeinschaftshaus", "Begegnungsstätte", "Nachbarschaftshilfe"]
    words += ["Jugendclub", "abc", "Bürgerbus-Linie", "Kleiderkammer", "Fahrradwerkstatt"]
    model = compound_model.model()
    assert [model.best_split(word) for word in words] == [char_split.split_compound(w)[0] for w in words]


def test_no_dictionary_in_a_process_that_splits():
    script = textwrap.dedent(
        """
        import sys
        from zwk_network.search.analysis import split_once, terms
        assert split_once("seniorenfrühstück") is not None
        terms("Dorfgemeinschaftshaus und Nachbarschaftshilfe")
        print(sorted(name for name in sys.modules if name.startswith("compound_split.")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_tiny_model_answers_and_defaults(tmp_path):
    path = tmp_path / FILE_NAME
    write_model(path, TINY, "tiny")
    model = CompoundModel(path, "tiny")
    assert model.probabilities("prefix", ["haus", "nichts", "bus"]) == [0.9, -1.0, 0.8]
    assert model.probabilities("infix", ["erha", "xyz"]) == [0.1, 1.0]
    assert model.probabilities("suffix", []) == []


@pytest.mark.parametrize("damage", ["missing", "truncated", "not a model", "other version"])
def test_an_unusable_file_is_refused(tmp_path, damage):
    path = tmp_path / FILE_NAME
    write_model(path, TINY, "tiny")
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        os.truncate(path, path.stat().st_size - 8)
    elif damage == "not a model":
        path.write_bytes(b"<html>" + b"\0" * 8000)
    with pytest.raises(ModelUnusable):
        CompoundModel(path, "tiny" if damage != "other version" else "compound-split 9.9")


def test_a_killed_writer_leaves_the_old_file_and_the_next_use_writes_it_anew(tmp_path):
    path = tmp_path / FILE_NAME
    write_model(path, TINY, OLD)
    writer = subprocess.Popen(
        [sys.executable, "-m", "zwk_network.search.compound_model", str(path)], cwd=ROOT
    )
    try:
        for _ in range(60_000):  # until it writes its temporary file (after hashing ~10 s), at most 10 min
            if list(tmp_path.glob("*.tmp")) or writer.poll() is not None:
                break
            time.sleep(0.01)
        assert writer.poll() is None, "the writer ended before it could be killed"
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    finally:
        if writer.poll() is None:
            writer.kill()
    assert_whole(path)
    model = ensure_model(path)  # stale: written anew, by a child process
    assert read_source(path) == source_tag()
    assert model.best_split("Seniorenfrühstück")[1:] == ("Senioren", "Frühstück")
    assert ensure_model(path).path == path  # current now: mapped as it is
    assert not list(tmp_path.glob("*.tmp"))  # what the killed writer left is gone


def assert_whole(path: Path) -> None:
    """Never half-written: the old file, or (killed after its rename) the new one, each complete."""
    try:
        CompoundModel(path, OLD)
    except ModelUnusable:
        CompoundModel(path, source_tag())


def read_source(path: Path) -> str:
    return compound_model.read_header(path)["source"]


def test_a_folder_the_model_cannot_be_written_to_stops_the_start(tmp_path, tmp_path_factory):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    try:
        with pytest.raises(StartupError, match="ZWK_COMPOUND_MODEL_DIR"):
            make_app(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path_factory, COMPOUND_MODEL_DIR=str(blocked))
    finally:
        compound_model.use_directory(None)
