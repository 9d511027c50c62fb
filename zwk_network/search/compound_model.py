"""The compound splitter's n-gram model as one read-only file that every process maps.

compound-split (the CharSplit method, trained on German Wikipedia) keeps its model as three
Python dicts – prefix, infix and suffix probabilities of 1.9 million n-grams – in a module whose
import costs ~320 MB in every process that splits a word. Here the same numbers are one file:
per table the sorted 64-bit hashes (BLAKE2b) of the n-grams and their float64 probabilities,
written once per installed version of compound-split by a child process (so that no worker and no
indexing process ever holds the dicts) and mapped read-only with NumPy. The pages are shared by all
processes through the page cache, and only those that lookups touch are read.

best_split(word) gives what compound_split.char_split.split_compound(word)[0] gives, computed
with the same floating-point operations: the same splits with the same scores.

The file is written under a temporary name and renamed into place, so a killed writer leaves no
half-written model; a file that is missing, truncated or written for another version of
compound-split (its header says which) is written anew on first use.
"""

import hashlib
import json
import os
import subprocess
import sys
import threading
from importlib import metadata, util
from pathlib import Path

import numpy as np

from .filelock import FileLock

MAGIC = b"ZWKNGRAM"
FORMAT = 1
HEADER_SIZE = 4096  # magic, then the JSON header, padded: the arrays start page-aligned
TABLES = ("prefix", "infix", "suffix")
#: What split_compound assumes for an n-gram it does not know, per table.
MISSING = {"prefix": -1.0, "infix": 1.0, "suffix": -1.0}
FILE_NAME = "compound-model-de.bin"
BUILD_SECONDS = 300  # a child that takes longer has failed


class ModelUnusable(Exception):
    """The model file is missing, incomplete or written for another version of compound-split."""


def source_tag() -> str:
    """Which model the file must hold: compound-split's version and the size of its German data."""
    origin = util.find_spec("compound_split.de_ngram_probs").origin
    return f"compound-split {metadata.version('compound-split')} de_ngram_probs {os.path.getsize(origin)}"


def ngram_hash(ngram: str, salt: bytes = b"") -> int:
    return int.from_bytes(hashlib.blake2b(ngram.encode("utf-8"), digest_size=8, salt=salt).digest(), "little")


class CompoundModel:
    """The three tables of one model file, memory-mapped read-only."""

    def __init__(self, path: Path, expected_source: str):
        self.path = path
        header = read_header(path)
        if header.get("format") != FORMAT or header.get("source") != expected_source:
            raise ModelUnusable(f"{path} holds another model: {header.get('source')!r}")
        counts = header["tables"]
        if os.path.getsize(path) != HEADER_SIZE + 16 * sum(counts[name] for name in TABLES):
            raise ModelUnusable(f"{path} is incomplete")
        self.salt = bytes.fromhex(header["salt"])
        mapped = np.memmap(path, mode="r", dtype=np.uint8)
        self.tables, offset = {}, HEADER_SIZE
        for name in TABLES:
            count = counts[name]
            hashes = mapped[offset : offset + 8 * count].view("<u8")
            probabilities = mapped[offset + 8 * count : offset + 16 * count].view("<f8")
            self.tables[name] = (hashes, probabilities)
            offset += 16 * count

    def probabilities(self, table: str, ngrams: list[str]) -> list[float]:
        """Each n-gram's probability in the table, or split_compound's default where it has none."""
        if not ngrams:
            return []
        hashes, probabilities = self.tables[table]
        wanted = np.fromiter((ngram_hash(n, self.salt) for n in ngrams), dtype=np.uint64, count=len(ngrams))
        at = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
        found = hashes[at] == wanted
        default = MISSING[table]
        return [float(p) if hit else default for p, hit in zip(probabilities[at], found, strict=True)]

    def best_split(self, word: str) -> tuple[float, str, str]:
        """compound_split.char_split.split_compound(word)[0]: (score, head, tail), title-cased."""
        word = word.lower()
        if "-" in word:
            at = word.rfind("-")
            return 1.0, word[:at].title(), word[at + 1 :].title()
        positions = range(3, len(word) - 2)
        if not positions:
            return 0, word.title(), word.title()
        heads = self.probabilities("suffix", [_cut_off_fugen_s(word[:n]) for n in positions])
        tails = self.probabilities("prefix", [_cut_off_fugen_s(word[n:]) for n in positions])
        inner = {word[n:k]: None for n in positions for k in range(len(word), n + 2, -1)}
        inner = dict(zip(inner, self.probabilities("infix", list(inner)), strict=True))
        best = None
        for n, head, tail in zip(positions, heads, tails, strict=True):
            lowest = min(inner[word[n:k]] for k in range(len(word), n + 2, -1))
            candidate = (tail - lowest + head, word[:n].title(), word[n:].title())
            if best is None or candidate > best:
                best = candidate
        return best


def _cut_off_fugen_s(word: str) -> str:
    """compound_split's cut_off_fugen_s: a linking s after t, g, k, hl or n is no part of the head."""
    if word.endswith(("ts", "gs", "ks", "hls", "ns")) and len(word[:-1]) > 2:
        return word[:-1]
    return word


def read_header(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            start = handle.read(HEADER_SIZE)
    except FileNotFoundError as error:
        raise ModelUnusable(f"{path} is missing") from error
    if len(start) < HEADER_SIZE or not start.startswith(MAGIC):
        raise ModelUnusable(f"{path} is no model file")
    try:
        return json.loads(start[len(MAGIC) :].rstrip(b"\0 "))
    except ValueError as error:
        raise ModelUnusable(f"{path} has a broken header") from error


def write_model(path: Path, tables: dict[str, dict[str, float]], source: str) -> None:
    """Write the tables as a model file: under a temporary name, then renamed into place."""
    salt = b""
    while True:  # a salt under which no two n-grams of a table share a hash (the first, in practice)
        arrays = {name: _hashed(tables[name], salt) for name in TABLES}
        if all(arrays.values()):
            break
        salt = (int.from_bytes(salt or b"\0", "little") + 1).to_bytes(2, "little")
    header = {
        "format": FORMAT,
        "source": source,
        "salt": salt.hex(),
        "tables": {name: len(tables[name]) for name in TABLES},
    }
    encoded = MAGIC + json.dumps(header).encode("utf-8")
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(encoded.ljust(HEADER_SIZE, b"\0"))
            for name in TABLES:
                hashes, probabilities = arrays[name]
                handle.write(hashes.astype("<u8").tobytes())
                handle.write(probabilities.astype("<f8").tobytes())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _hashed(table: dict[str, float], salt: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """The table's hashes, sorted, with their probabilities; None when two n-grams share a hash."""
    hashes = np.fromiter((ngram_hash(n, salt) for n in table), dtype=np.uint64, count=len(table))
    probabilities = np.fromiter(table.values(), dtype=np.float64, count=len(table))
    order = np.argsort(hashes, kind="stable")
    hashes, probabilities = hashes[order], probabilities[order]
    if len(hashes) > 1 and np.any(hashes[1:] == hashes[:-1]):
        return None
    return hashes, probabilities


def build_from_compound_split(path: Path) -> None:
    """Read compound-split's German tables and write them as a model file (costs ~350 MB and
    ~15 s: run in a child process, see ensure_model)."""
    from compound_split import de_ngram_probs

    tables = {name: getattr(de_ngram_probs, name) for name in TABLES}
    write_model(path, tables, source_tag())


_directory: Path | None = None
_model: CompoundModel | None = None
_lock = threading.Lock()


def default_directory() -> Path:
    """Where the model file lives unless configured (COMPOUND_MODEL_DIR): the user's cache folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zwk-network"


def use_directory(directory: str | Path | None) -> None:
    """Keep the model file in this folder from now on (None: default_directory())."""
    global _directory, _model
    with _lock:
        wanted = Path(directory) if directory else None
        if wanted != _directory:
            _directory, _model = wanted, None


def model() -> CompoundModel:
    """This process's model: mapped on first use, written first when it is missing or stale."""
    global _model
    with _lock:
        if _model is None:
            _model = ensure_model((_directory or default_directory()) / FILE_NAME)
        return _model


def ensure_model(path: Path) -> CompoundModel:
    """The model at path, written by a child process when missing or stale (one process at a
    time: the others wait for its lock, then map what it wrote)."""
    expected = source_tag()
    try:
        return CompoundModel(path, expected)
    except ModelUnusable:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.with_name(path.name + ".lock")):
        try:
            return CompoundModel(path, expected)  # another process wrote it meanwhile
        except ModelUnusable:
            pass
        for left in path.parent.glob(f"{path.name}.*.tmp"):  # of a killed writer: none writes now
            left.unlink(missing_ok=True)
        command = [sys.executable, "-m", "zwk_network.search.compound_model", str(path)]
        subprocess.run(command, check=True, timeout=BUILD_SECONDS, cwd=Path(__file__).resolve().parents[2])
        return CompoundModel(path, expected)


if __name__ == "__main__":
    build_from_compound_split(Path(sys.argv[1]))
