"""The subscriptions' fixture: a Kommune with one entry that was there before any notification."""

import pytest

from tests.factories import make_kommune, make_listing
from zwk_network.subscriptions.notify import run_notify


@pytest.fixture
def kreis(app):
    kommune = make_kommune()
    make_listing(name="Altes Seniorencafé", kommune_id=kommune.id)
    run_notify()  # the first run takes what is there as known
    return kommune
