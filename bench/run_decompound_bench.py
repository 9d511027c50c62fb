"""Decompounding: quality on the labelled search set and memory, per way of splitting.

Each way runs in a process of its own, which loads the labelled set (as run_search_quality.py)
and prints success@5, MRR, how many words of the set's texts were split, and the process's RSS
before and after (VmRSS; the mapped model's pages count there although every worker shares them,
so the shared part is printed too: RssFile).

- library: compound-split's own split_compound (its dicts imported into the process);
- mapped:  the same model as one memory-mapped file (search/compound_model.py, what runs now);
- lexicon: only the lexicon's word parts split, no n-gram model at all (a lighter splitter).

Usage: python bench/run_decompound_bench.py [--ways library,mapped,lexicon]
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def memory() -> dict[str, float]:
    """This process's VmRSS and its file-backed part (RssFile), in MB."""
    status = Path("/proc/self/status").read_text()
    return {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024 for key in ("VmRSS", "RssFile")}


def child(way: str) -> None:
    from flask_migrate import upgrade

    from tests.search.labels import evaluate_queries, labelled_set, load_entries, load_geography
    from zwk_network import create_app
    from zwk_network.extensions import db
    from zwk_network.search import analysis, compound_model

    before = memory()
    if way == "library":
        from compound_split import char_split

        class Library:
            best_split = staticmethod(lambda word: char_split.split_compound(word)[0])

        compound_model.model = Library
    elif way == "lexicon":

        class NoModel:
            best_split = staticmethod(lambda word: (float("-inf"), word, word))

        compound_model.model = NoModel
    folder = Path(tempfile.mkdtemp(prefix="zwk-decompound-"))
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'labels.sqlite'}",
            "SEARCH_DIR": str(folder / "index"),
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        load_geography()
        data = labelled_set()
        load_entries(data)
        scores = evaluate_queries(app.test_client(), data)
        db.engine.dispose()
    text = json.dumps(data, ensure_ascii=False).lower()
    words = set(re.findall(r"[^\W\d_]{10,}", text))
    split = sum(1 for word in words if analysis.split_once(word) is not None)
    after = memory()
    print(
        json.dumps(
            {
                "way": way,
                "success_at_5": scores["success_at_5"],
                "mrr": scores["mrr"],
                "misses": [row["q"] for row in scores["rows"] if not row["success"]],
                "long_words": len(words),
                "split": split,
                "rss_before_mb": before["VmRSS"],
                "rss_after_mb": after["VmRSS"],
                "rss_file_after_mb": after["RssFile"],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ways", default="library,mapped,lexicon")
    parser.add_argument("--child")
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child)
        return
    print("| way | success@5 | MRR | long words split | RSS after (MB) | of it file-backed, shared |")
    print("|---|---|---|---|---|---|")
    for way in arguments.ways.split(","):
        output = subprocess.run(
            [sys.executable, __file__, "--child", way], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        print(
            f"| {way} | {result['success_at_5']:.3f} | {result['mrr']:.3f} "
            f"| {result['split']} of {result['long_words']} | {result['rss_after_mb']:.0f} "
            f"| {result['rss_file_after_mb']:.0f} |"
        )
        if result["misses"]:
            print(f"|  misses: {', '.join(result['misses'])} | | | | | |")


if __name__ == "__main__":
    main()
