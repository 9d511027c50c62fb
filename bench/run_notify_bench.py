"""`flask notify` at 10 000 subscriptions and 1 000 new entries (SpatiaLite + Whoosh, file outbox).

Prepares a database with the seed data, runs the notifier once (it takes what is there as known),
imports 1 000 new initiatives, then stores 10 000 confirmed subscriptions and times one run of
run_notify (the code `flask notify` calls). Two rounds on the same changes:

- "few filters": the subscriptions share filters as residents would (Kommune/region, theme, target
  group, a word; a few hundred distinct ones);
- "all distinct": every subscription has its own filter (a 10 km circle around its own point),
  so the search runs once per subscription.

Prints the whole run's time, the time spent in the filter searches (FilterMatcher.matching), the
number of distinct filters, digests written, the outbox size and the process's peak memory.
Nothing asserts a time.
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, insert  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from bench.generate import TOWNS, write  # noqa: E402
from zwk_network import create_app  # noqa: E402
from zwk_network.extensions import db  # noqa: E402
from zwk_network.subscriptions import notify  # noqa: E402
from zwk_network.subscriptions.filters import filter_hash, normalise_filter  # noqa: E402
from zwk_network.subscriptions.models import Subscription, SubscriptionDelivery, SubscriptionMail  # noqa: E402
from zwk_network.subscriptions.services import email_hash  # noqa: E402
from zwk_network.taxonomy import TARGET_GROUPS, THEMES  # noqa: E402
from zwk_network.timeutil import utcnow  # noqa: E402

WORDS = ("chor", "fahrdienst", "garten", "café", "sport", "nachbarschaft", "kinder", "senioren")


def flask(env: dict, *args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "flask", "--app", "zwk_network", *args]
    subprocess.run(
        command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def shared_filter(rng: random.Random) -> MultiDict:
    """A filter as residents would choose one: a few parameters from small vocabularies."""
    args = MultiDict()
    if rng.random() < 0.6:
        args.add("theme", rng.choice(sorted(THEMES)))
    if rng.random() < 0.4:
        args.add("target_group", rng.choice(sorted(TARGET_GROUPS)))
    if rng.random() < 0.3:
        args.add("q", rng.choice(WORDS))
    if rng.random() < 0.3:
        _town, lat, lon = rng.choice(TOWNS)
        args.update({"lat": str(lat), "lon": str(lon), "radius_km": "20"})
    if not args:
        args.add("theme", "begegnung")
    return args


def own_filter(rng: random.Random) -> MultiDict:
    """A filter nobody else has: a 10 km circle around a point of one's own."""
    _town, lat, lon = rng.choice(TOWNS)
    return MultiDict(
        {
            "lat": f"{lat + rng.uniform(-0.2, 0.2):.5f}",
            "lon": f"{lon + rng.uniform(-0.3, 0.3):.5f}",
            "radius_km": "10",
        }
    )


def store_subscriptions(count: int, make_filter, confirmed_at) -> int:
    """Bulk-store `count` confirmed subscriptions; returns how many distinct filters they have."""
    rng = random.Random(11)
    rows, hashes = [], set()
    for number in range(count):
        normalised = normalise_filter(make_filter(rng))
        address = f"leser{number}@example.org"
        digest = filter_hash(normalised)
        hashes.add(digest)
        rows.append(
            {
                "email": address,
                "email_hash": email_hash(address),
                "filter": normalised,
                "filter_hash": digest,
                "frequency": "taeglich",
                "key": f"{number:032x}",
                "created_at": confirmed_at,
                "confirmed_at": confirmed_at,
                "considered_until": confirmed_at,
            }
        )
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(Subscription), rows[start : start + 1000])
    db.session.commit()
    return len(hashes)


def clear_subscriptions() -> None:
    db.session.execute(delete(SubscriptionDelivery))
    db.session.execute(delete(SubscriptionMail))
    db.session.execute(delete(Subscription))
    db.session.commit()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_run(now, outbox: Path) -> None:
    """One run_notify with the filter searches timed on their own."""
    spent = [0.0, 0]
    original = notify.FilterMatcher.matching

    def timed_matching(self, normalised):
        started = time.perf_counter()
        try:
            return original(self, normalised)
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += 1

    shutil.rmtree(outbox, ignore_errors=True)
    outbox.mkdir(parents=True)
    notify.FilterMatcher.matching = timed_matching
    try:
        started = time.perf_counter()
        report = notify.run_notify(now)
        took = time.perf_counter() - started
    finally:
        notify.FilterMatcher.matching = original
    files = list(outbox.iterdir())
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"  run_notify: {took:.1f} s for {report.considered} due subscriptions")
    print(f"  filter searches: {spent[1]} (distinct filters {report.filters}), {spent[0]:.1f} s of it")
    print(f"  digests sent: {report.sent}; outbox {len(files)} files, {size:.1f} MB")
    print(f"  peak memory of the process so far: {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=1_000)
    arguments = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    database, index, outbox = OUT / "notify.sqlite", OUT / "notify-index", OUT / "notify-outbox"
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(index, ignore_errors=True)
    data = OUT / f"initiatives-{arguments.entries}.csv"
    if not data.exists():
        write(arguments.entries, str(data))
    env = {
        **os.environ,
        "ZWK_DATABASE_URL": f"sqlite:///{database}",
        "ZWK_SEARCH_DIR": str(index),
        "ZWK_MAIL_OUTBOX": str(outbox),
    }
    flask(env, "db", "upgrade")
    flask(env, "seed")
    config = {
        "DATABASE_URL": env["ZWK_DATABASE_URL"],
        "SEARCH_DIR": str(index),
        "MAIL_OUTBOX": str(outbox),
        "BASE_URL": "https://zwk.example.org",
    }
    app = create_app(config)
    with app.app_context():
        notify.run_notify()  # the first run takes the seed data as known
        before = utcnow() - timedelta(minutes=1)
    took = flask(env, "import", "initiatives", str(data))
    print(f"import {arguments.entries} new initiatives: {took:.1f} s")
    with app.app_context():
        now = utcnow()
        for label, make_filter in (("few filters", shared_filter), ("all distinct", own_filter)):
            distinct = store_subscriptions(arguments.subscriptions, make_filter, before)
            print(f"{label}: {arguments.subscriptions} subscriptions, {distinct} distinct filters")
            measure_run(now, outbox)
            clear_subscriptions()


if __name__ == "__main__":
    main()
