"""Place names to points: the one look-up behind every place field (search, map, forms, API).

People type a place as they would say it: „Güstrow“, „Guestrow“, „gustrow“, „Gustroe“,
„Doberan“ for Bad Doberan, „Graal Müritz“, „18273“. Names are compared folded (case, accents,
umlauts both ways – ä/ae/a –, ß/ss, punctuation), then by a word of the name, then with one or
two typos (edit distance counting a swap of two letters as one, rapidfuzz's OSA); a postcode
finds the places that have it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import g
from flask_babel import gettext as _
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract
from sqlalchemy import func, or_, select

from ..extensions import db
from ..geo.geojson import to_geometry
from .models import GazetteerPlace

if TYPE_CHECKING:
    from .geocoding import GeocodedAddress

POSTCODE = re.compile(r"^\d{5}$")
LABELLED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
#: Kinds in the order a look-up prefers them when several places fit equally well.
KIND_ORDER = {"Stadt": 0, "Gemeinde": 1, "Ortsteil": 2}
SUGGESTIONS = 5
QUERY_MAX = 100


def place_key(name: str) -> str:
    """The folded form of a place name: lower case, no accents, ä/ae → a, ß → ss, letters and digits only."""
    text = name.casefold().replace("ß", "ss")
    text = re.sub(r"([aou])e", r"\1", text)  # spelled-out umlauts: ae, oe, ue
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", text)


def word_keys(name: str) -> list[str]:
    """The folded words of a name: „Falkenstein/Vogtl.“ → falkenstein, vogtl."""
    return [key for key in (place_key(word) for word in re.split(r"[\s/(),.\-]+", name)) if key]


@dataclass
class PlaceLookup:
    """What a typed place means: `place` when one fits, else `candidates` for „Meinten Sie …?“;
    `address` when the gazetteer knew none and a geocoding service did (geocoding.find_place)."""

    text: str
    place: GazetteerPlace | None = None
    candidates: list[GazetteerPlace] = field(default_factory=list)
    guessed: bool = False  # found only with typos: say what was understood („Meinten Sie …?“)
    address: "GeocodedAddress | None" = None

    @property
    def found(self) -> bool:
        return self.place is not None or self.address is not None

    @property
    def point(self) -> tuple[float, float] | None:
        """(lon, lat) of the place or the address."""
        if self.place is not None:
            location = to_geometry(self.place.location)
            return location.x, location.y
        if self.address is not None:
            return self.address.lon, self.address.lat
        return None

    @property
    def label(self) -> str | None:
        """The place as a list shows it, or the address as the service wrote it."""
        if self.place is not None:
            return place_label(self.place)
        return self.address.label if self.address is not None else None


def look_up_place(text: str) -> PlaceLookup:
    """The place a person means by `text` (a name or a postcode), or candidates for it."""
    text = (text or "").strip()[:QUERY_MAX]
    lookup = PlaceLookup(text)
    key = place_key(text)
    if not key:
        return lookup
    if POSTCODE.match(text):
        return _decide(lookup, _with_postcode(text))
    labelled = LABELLED.match(text)  # „Neuhof (Zepelin)“, as lists show a village
    if labelled:
        name, gemeinde = place_key(labelled.group(1)), place_key(labelled.group(2))
        query = select(GazetteerPlace).where(GazetteerPlace.name_key == name)
        places = [p for p in db.session.scalars(query) if place_key(p.gemeinde or "") == gemeinde]
        if places:
            return _decide(lookup, _ordered(places))
    exact = _ordered(db.session.scalars(select(GazetteerPlace).where(GazetteerPlace.name_key == key)))
    if exact:
        return _decide(lookup, exact)
    rows = db.session.execute(select(GazetteerPlace.id, GazetteerPlace.name, GazetteerPlace.name_key)).all()
    words = [row.id for row in rows if key in word_keys(row.name) or _starts_a_name(key, row.name_key)]
    if words:
        return _decide(lookup, _places(words))
    close = extract(
        key,
        {row.id: row.name_key for row in rows},
        scorer=OSA.distance,
        score_cutoff=_typos(key),
        limit=SUGGESTIONS,
    )
    places = _places([row_id for _key, _distance, row_id in close])
    lookup.guessed = True
    if len(close) == 1 or (len(close) > 1 and close[0][1] < close[1][1]):
        lookup.place, lookup.candidates = places[0], places[1:]
    else:
        lookup.candidates = places
    return lookup


@dataclass
class PlaceInText:
    place: GazetteerPlace
    rest: str  # the text without the place's words


#: Words of a query that may name a place: at least this long (no „See“, „Bad“ alone).
MIN_PLACE_WORD = 4


def place_in_text(text: str) -> PlaceInText | None:
    """A place named in a search text („Jugendclub Güstrow“, „treff gross schwiessow“): the last
    run of one to three words that is exactly a gazetteer name (folded), when only one place has it."""
    words = re.findall(r"[\w'-]+", text or "")[:40]
    spans = [
        (start, end) for size in (3, 2, 1) for start in range(len(words) - size + 1) for end in [start + size]
    ]
    keys = {}
    for start, end in spans:
        key = place_key(" ".join(words[start:end]))
        if len(key) >= MIN_PLACE_WORD and not key.isdigit():
            keys.setdefault(key, (start, end))
    if not keys:
        return None
    found = {}
    for place in db.session.scalars(select(GazetteerPlace).where(GazetteerPlace.name_key.in_(list(keys)))):
        found.setdefault(place.name_key, []).append(place)
    best = None
    for key, (start, end) in keys.items():  # longest runs first, then the latest in the text
        places = _ordered(found.get(key, []))
        if len(places) == 1 or (len(places) > 1 and _rank(places[0]) < _rank(places[1])):
            candidate = (end - start, start, places[0])
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        return None
    size, start, place = best
    return PlaceInText(place, " ".join(words[:start] + words[start + size :]))


#: Words of place names that are no names by themselves („Krakow am See“, „Bad Doberan“).
GENERIC_NAME_WORDS = frozenset(
    {
        "bad",
        "alt",
        "neu",
        "gross",
        "klein",
        "am",
        "an",
        "der",
        "den",
        "bei",
        "see",
        "vogtl",
        "ostseebad",
        "seebad",
        "hansestadt",
        "stadt",
        "ost",
        "west",
        "nord",
        "sud",
    }
)


def place_names_in(text: str) -> frozenset[str]:
    """The words of a text that name gazetteer places, lower-cased: „Gnoien“ in „Ein Chor in Gnoien“,
    „Falkenstein“ (for Falkenstein/Vogtl.), „Krakow“ (for Krakow am See)."""
    words = {word.lower(): place_key(word) for word in re.findall(r"[\w'-]+", text or "")[:400]}
    keys = {key for key in words.values() if len(key) >= MIN_PLACE_WORD and not key.isdigit()}
    if not keys:
        return frozenset()
    names = _place_name_keys()
    return frozenset(word for word, key in words.items() if key in names)


def _place_name_keys() -> frozenset[str]:
    """Every gazetteer name and distinctive name word, folded; read once per request (a gap page
    matches every need of a Kommune)."""
    if "zwk_place_name_keys" in g:
        return g.zwk_place_name_keys
    names = set()
    for name, name_key in db.session.execute(select(GazetteerPlace.name, GazetteerPlace.name_key)):
        names.add(name_key)
        names.update(_distinctive_word_keys(name))
    g.zwk_place_name_keys = frozenset(names)
    return g.zwk_place_name_keys


@lru_cache(maxsize=16384)
def _distinctive_word_keys(name: str) -> tuple[str, ...]:
    """A name's folded words that may name it alone (a function of the name: folding the gazetteer's
    ~500 names anew cost each matched need 13 ms)."""
    return tuple(
        key for key in word_keys(name) if len(key) >= MIN_PLACE_WORD and key not in GENERIC_NAME_WORDS
    )


def place_label(place: GazetteerPlace) -> str:
    """A place's name as a list shows it: an Ortsteil with its Gemeinde („Neuhof (Zepelin)“)."""
    if place.gemeinde and place.gemeinde != place.name:
        return f"{place.name} ({place.gemeinde})"
    return place.name


def describe_unknown_place(lookup: PlaceLookup) -> str:
    """What to tell a person whose place was not found: what they typed, what we know instead."""
    if lookup.candidates:
        names = ", ".join(place_label(place) for place in lookup.candidates)
        return _(
            "Den Ort „%(place)s“ kennen wir nicht. Meinten Sie: %(names)s?",
            place=lookup.text[:60],
            names=names,
        )
    return _(
        "Den Ort „%(place)s“ kennen wir nicht. Bitte prüfen Sie die Schreibweise,"
        " oder geben Sie eine Postleitzahl oder einen Nachbarort an.",
        place=lookup.text[:60],
    )


def suggest_places(text: str, limit: int = 10) -> list[GazetteerPlace]:
    """Places for an autocomplete list: names and postcodes that start with `text`, then close ones."""
    text = (text or "").strip()[:QUERY_MAX]
    key = place_key(text)
    if not key:
        return []
    if text.isdigit():
        query = select(GazetteerPlace).where(
            or_(GazetteerPlace.postcodes.startswith(text), GazetteerPlace.postcodes.contains(" " + text))
        )
        return _ordered(db.session.scalars(query.limit(limit * 3)))[:limit]
    starting = _ordered(
        db.session.scalars(
            select(GazetteerPlace)
            .where(GazetteerPlace.name_key.startswith(key, autoescape=True))
            .order_by(func.length(GazetteerPlace.name), GazetteerPlace.name)
            .limit(limit)
        )
    )
    if len(starting) >= limit:
        return starting
    lookup = look_up_place(text)
    more = ([lookup.place] if lookup.place else []) + lookup.candidates
    seen = {place.id for place in starting}
    return starting + [p for p in more if p.id not in seen and not seen.add(p.id)][: limit - len(starting)]


def _typos(key: str) -> int:
    return 0 if len(key) < 4 else 1 if len(key) < 7 else 2


def _starts_a_name(key: str, name_key: str) -> bool:
    """A typed beginning long enough to mean one place: „Kühlungs“ for Kühlungsborn."""
    return len(key) >= 5 and name_key.startswith(key)


def _with_postcode(postcode: str) -> list[GazetteerPlace]:
    query = select(GazetteerPlace).where(GazetteerPlace.postcodes.contains(postcode))
    places = [p for p in db.session.scalars(query) if postcode in p.postcodes.split()]
    main = [p for p in places if p.postcode == postcode and p.kind != "Ortsteil"]
    return _ordered(main) + [p for p in _ordered(places) if p not in main]


def _decide(lookup: PlaceLookup, places: list[GazetteerPlace]) -> PlaceLookup:
    """One place, or the first of several when it is the only town among villages; else candidates."""
    if len(places) == 1 or (places and _rank(places[0]) < _rank(places[1])):
        lookup.place = places[0]
    lookup.candidates = places[:SUGGESTIONS] if lookup.place is None else places[1:SUGGESTIONS]
    return lookup


def _rank(place: GazetteerPlace) -> int:
    return KIND_ORDER.get(place.kind, 3)


def _ordered(places) -> list[GazetteerPlace]:
    return sorted(places, key=lambda p: (_rank(p), len(p.name), p.name))


def _places(ids: list[int]) -> list[GazetteerPlace]:
    by_id = {p.id: p for p in db.session.scalars(select(GazetteerPlace).where(GazetteerPlace.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]
