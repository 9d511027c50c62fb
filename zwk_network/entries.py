"""The kinds of entry – initiative, meeting place, need, conference – and everything that names them.

One row per kind: its model and its declaration (fieldspec.Schema), its type code (API, search
index, connections, audit log), the word in staff and registration URLs, the collection name (API
paths, imports, exports), its public page, and its labels. Everything that maps a type to
something else asks here.

The order of KINDS is the order of the type codes in the search index: a new kind goes at the end
(or the index marker is bumped, see search/whoosh_backend.py).
"""

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from .conferences.models import Conference
from .conferences.schema import CONFERENCE
from .fieldspec import Schema
from .links import site_url
from .needs.models import Need
from .needs.schema import NEED
from .registry.models import Initiative, MeetingPlace
from .registry.schema import INITIATIVE, MEETING_PLACE


@dataclass(frozen=True)
class EntryKind:
    type: str  # "initiative": the code in the API, the search index, connections and the audit log
    model: type
    schema: Schema  # its fields (registry/schema.py, needs/schema.py, conferences/schema.py)
    word: str  # the word in registration and staff URLs: /eintragen/begegnungsort
    collection: str  # "places": API paths, import and export kinds, counts
    endpoint: str  # the public detail page
    list_endpoint: str  # the public list of all entries of the kind
    id_argument: str  # the detail page's URL argument
    label: object  # German, translated when shown („Begegnungsort“ / "Meeting place")
    plural: object
    registered: bool  # entered by the public and reviewed by planners (has an owner, edit links …)

    def url(self, entry_id: int, external: bool = False) -> str:
        """The public page of one entry; external: absolute, under BASE_URL (for e-mails)."""
        build = site_url if external else url_for
        return build(self.endpoint, **{self.id_argument: entry_id})


KINDS: tuple[EntryKind, ...] = (
    EntryKind(
        type="initiative",
        model=Initiative,
        schema=INITIATIVE,
        word="initiative",
        collection="initiatives",
        endpoint="registry.initiative",
        list_endpoint="registry.initiatives",
        id_argument="entry_id",
        label=_l("Initiative"),
        plural=_l("Initiativen"),
        registered=True,
    ),
    EntryKind(
        type="place",
        model=MeetingPlace,
        schema=MEETING_PLACE,
        word="begegnungsort",
        collection="places",
        endpoint="registry.place",
        list_endpoint="registry.places",
        id_argument="entry_id",
        label=_l("Begegnungsort"),
        plural=_l("Begegnungsorte"),
        registered=True,
    ),
    EntryKind(
        type="need",
        model=Need,
        schema=NEED,
        word="bedarf",
        collection="needs",
        endpoint="needs.need",
        list_endpoint="needs.needs",
        id_argument="need_id",
        label=_l("Bedarf"),
        plural=_l("Bedarfe"),
        registered=False,
    ),
    EntryKind(
        type="conference",
        model=Conference,
        schema=CONFERENCE,
        word="konferenz",
        collection="conferences",
        endpoint="conferences.conference",
        list_endpoint="conferences.conferences",
        id_argument="conference_id",
        label=_l("Konferenz"),
        plural=_l("Konferenzen"),
        registered=False,
    ),
)

#: The type codes, in the order of their codes in the search index.
TYPES: tuple[str, ...] = tuple(kind.type for kind in KINDS)
BY_TYPE: dict[str, EntryKind] = {kind.type: kind for kind in KINDS}
BY_MODEL: dict[type, EntryKind] = {kind.model: kind for kind in KINDS}
BY_COLLECTION: dict[str, EntryKind] = {kind.collection: kind for kind in KINDS}
#: The kinds people register themselves (initiatives and meeting places), by type.
REGISTERED: dict[str, EntryKind] = {kind.type: kind for kind in KINDS if kind.registered}
#: The models of the registered kinds, by type ({"initiative": Initiative, "place": MeetingPlace}).
REGISTERED_MODELS: dict[str, type] = {kind.type: kind.model for kind in REGISTERED.values()}


def entry_kind(kind: "str | EntryKind") -> EntryKind:
    """The kind of this type code; KeyError for an unknown one."""
    return kind if isinstance(kind, EntryKind) else BY_TYPE[kind]


def kind_of(entry_or_model) -> EntryKind:
    """The kind of an entry (or of a model class)."""
    model = entry_or_model if isinstance(entry_or_model, type) else type(entry_or_model)
    return BY_MODEL[model]


def registered_kind_for_word(word: str) -> EntryKind | None:
    """The registered kind named by a URL word (/eintragen/<word>, /intern/eintrag/<word>/…), or None."""
    return next((kind for kind in REGISTERED.values() if kind.word == word), None)


def kind_for_collection(collection: str) -> EntryKind:
    """The kind of a collection name ("initiatives", "places" …); KeyError for an unknown one."""
    return BY_COLLECTION[collection]


def entry_labels(types=TYPES, plural: bool = False) -> dict[str, object]:
    """{type: label} of these kinds, in their order (a template global: filters, legends, result cards)."""
    return {kind: BY_TYPE[kind].plural if plural else BY_TYPE[kind].label for kind in types}


def entry_url(kind: "str | EntryKind", entry_id: int, external: bool = False) -> str:
    """The public page of an entry of this kind (a template global too)."""
    return entry_kind(kind).url(entry_id, external=external)
