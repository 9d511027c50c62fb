"""The registry of entry kinds: every kind's page, word and labels, and that nothing maps types by hand."""

import ast
import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from tests.factories import make_kommune, make_listing, make_need, make_place
from tests.submissions.helpers import login, make_staff
from zwk_network.entries import (
    KINDS,
    REGISTERED_MODELS,
    TYPES,
    entry_kind,
    entry_labels,
    entry_url,
    kind_for_collection,
    kind_of,
    registered_kind_for_word,
)
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.search import documents

PACKAGE = Path(__file__).resolve().parent.parent / "zwk_network"
TEMPLATES = PACKAGE / "templates"


def test_the_index_codes_keep_their_order():
    """The search index stores a kind as its position in TYPES: reordering would mislabel every document."""
    assert TYPES == ("initiative", "place", "need", "conference")
    assert documents.TYPES is TYPES
    assert {kind.model: kind.type for kind in KINDS} == documents.MODEL_TYPES


def test_every_kind_names_a_detail_page_of_the_url_map(app):
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for kind in KINDS:
        assert kind.endpoint in rules, kind.type
        assert rules[kind.endpoint].arguments == {kind.id_argument}, kind.type
        assert rules[kind.list_endpoint].arguments == set(), kind.type
    with app.test_request_context():
        assert entry_url("place", 7) == "/orte/7"
        assert entry_url("initiative", 7) == "/initiativen/7"
        assert entry_url("need", 7) == "/bedarfe/7"
        assert entry_url("conference", 7) == "/konferenzen/7"
        app.config["BASE_URL"] = "https://zwk.example.org/netz"
        assert entry_url(entry_kind("place"), 7, external=True) == "https://zwk.example.org/netz/orte/7"


def test_lookups(app):
    assert {"initiative": Initiative, "place": MeetingPlace} == REGISTERED_MODELS
    assert kind_of(MeetingPlace).type == "place"
    assert kind_for_collection("initiatives").model is Initiative
    assert registered_kind_for_word("begegnungsort").type == "place"
    assert registered_kind_for_word("place") is None  # the type code is not the URL word
    assert registered_kind_for_word("bedarf") is None  # needs are not registered by the public
    with pytest.raises(KeyError):
        entry_kind("gemeinde")


def test_labels_in_both_languages(app):
    with app.test_request_context(), force_locale("de"):
        labels = {kind: str(label) for kind, label in entry_labels().items()}
        assert labels == {
            "initiative": "Initiative",
            "place": "Begegnungsort",
            "need": "Bedarf",
            "conference": "Konferenz",
        }
    with app.test_request_context(), force_locale("en"):
        assert [str(label) for label in entry_labels(("place", "need"), plural=True).values()] == [
            "Meeting places",
            "Needs",
        ]


def test_staff_urls_take_only_the_words_of_registered_kinds(app, client):
    kommune = make_kommune()
    place = make_place(status="pending")
    need = make_need(kommune)
    make_staff()
    login(client)
    assert client.get(f"/intern/eintrag/begegnungsort/{place.id}").status_code == 200
    assert client.get(f"/intern/eintrag/place/{place.id}").status_code == 404
    assert client.get(f"/intern/eintrag/bedarf/{need.id}").status_code == 404
    assert client.get("/eintragen/bedarf").status_code == 404


def test_pages_link_entries_through_the_registry(app, client):
    """The moderation queue, result cards and lists link each kind to its own page."""
    make_kommune()
    place = make_place(name="Treff am Markt", status="pending")
    initiative = make_listing(name="Lesepaten")
    make_staff()
    login(client)
    queue = client.get("/intern/").get_data(as_text=True)
    assert f'href="/intern/eintrag/begegnungsort/{place.id}"' in queue and "Begegnungsort" in queue
    listing = client.get("/initiativen").get_data(as_text=True)
    assert f'href="/initiativen/{initiative.id}"' in listing and "<h1>Initiativen</h1>" in listing
    page = client.get(f"/initiativen/{initiative.id}").get_data(as_text=True)
    assert '<a href="/initiativen">Initiativen</a></nav>' in page


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        yield dotted, path


def _imported(dotted: str, path: Path) -> set[str]:
    package = dotted.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_views_do_not_import_views():
    """A view module that imports another reaches into its neighbour's request handling; shared
    things (kinds of entry, services) have their own home."""
    views = {dotted for dotted, path in _modules() if "Blueprint(" in path.read_text(encoding="utf-8")}
    assert "zwk_network.moderation.views" in views and "zwk_network.conferences.staff_views" in views
    offending = {
        dotted: sorted(views & _imported(dotted, path) - {dotted})
        for dotted, path in _modules()
        if dotted in views and views & _imported(dotted, path) - {dotted}
    }
    assert offending == {}


#: Hand-written mappings of a type to a page or label, as they were before the registry.
HAND_MAPPED = re.compile(
    r"""['"]registry\.(place|initiative)['"]\s+if\b"""  # url_for('registry.place' if … else …)
    r"""|==\s*['"]place['"]\s+else\s+['"]registry"""
    r"""|_\(['"]Begegnungsort['"]\)\s+if\s+\w+(\.\w+)?\s*==\s*['"]place['"]"""
)


def test_no_type_is_mapped_by_hand():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in [*PACKAGE.rglob("*.py"), *TEMPLATES.rglob("*.html")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_MAPPED.search(line)
    ]
    assert found == []
