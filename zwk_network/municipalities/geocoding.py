"""Addresses to points through a geocoding service, when one is configured (none by default).

A place field first asks the gazetteer (gazetteer.py). Only what it does not know – a street
address such as „Am Markt 1, Güstrow“, a village it lacks – goes to the service named by
`GEOCODER` ("nominatim" or "photon") at `GEOCODER_URL`, through geopy. No request leaves the
server without that configuration. Whenever the service is not configured, slow (more than
`GEOCODER_TIMEOUT` seconds), failing, finds nothing usable, or the client has asked too often,
the answer is None and the caller behaves as without a geocoder: a plain German message,
nothing of what was typed lost.

Results lie in Germany (the country code and Germany's bounding box are both checked), the
first one in the installation's area preferred, and are precise enough for a radius: a whole
state or county is not a place. They are kept in a small in-process cache for a while, so that
a map asking again at every move (/api/map) costs one request.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, has_request_context
from flask_limiter.util import get_remote_address
from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim, Photon
from limits import parse
from sqlalchemy import select

from ..extensions import db, limiter
from ..geo.geojson import to_geometry
from ..geo.germany import GERMANY, in_germany
from .gazetteer import QUERY_MAX, PlaceLookup, look_up_place, place_key
from .models import Region

#: Requests to the service per client (cached answers do not count); beyond it, no geocoding.
CLIENT_LIMIT = parse("20 per minute")
CACHE_SIZE = 512
CACHE_SECONDS = 600
CANDIDATES = 5
#: Nominatim's place_rank below this is a county, state or country (16 is a town, 30 a house).
MIN_NOMINATIM_RANK = 13
COARSE_PHOTON_TYPES = {"country", "state", "county"}


@dataclass(frozen=True)
class GeocodedAddress:
    """A point the geocoding service found for a text, with its name as the service writes it."""

    label: str
    lon: float
    lat: float


def geocoder_configured() -> bool:
    return bool(current_app.config.get("GEOCODER"))


def find_place(text: str) -> PlaceLookup:
    """What a place field means: a gazetteer place, else (with a geocoder) an address, else the
    gazetteer's candidates for „Meinten Sie …?“."""
    lookup = look_up_place(text)
    if lookup.place is None:
        lookup.address = geocode_address(text)
    return lookup


def geocode_address(text: str) -> GeocodedAddress | None:
    """The point of an address in Germany, or None (no geocoder, nothing found, timeout, error, limit)."""
    text = (text or "").strip()[:QUERY_MAX]
    config = current_app.config
    service, url = config.get("GEOCODER") or "", config.get("GEOCODER_URL") or ""
    if not service or not url or not place_key(text):
        return None
    key = (service, url, " ".join(text.casefold().split()))
    found, cached = _cache.get(key)
    if found:
        return cached
    if not _within_client_budget():
        return None
    try:
        results = _ask(service, url, text, float(config.get("GEOCODER_TIMEOUT", 3)))
    except GeopyError as error:  # timeouts, refusals, unreadable answers: as if none were configured
        # The error's text holds the URL with what was typed (an address): the log gets its kind only.
        current_app.logger.warning("geocoder %s did not answer: %s", service, type(error).__name__)
        return None
    address = _best(service, results or [])
    _cache.put(key, address)
    return address


def _ask(service: str, url: str, text: str, timeout: float) -> list:
    parts = urlsplit(url)
    domain, scheme = (parts.netloc + parts.path).rstrip("/"), parts.scheme or "https"
    agent = f"zwk-network (+{current_app.config['BASE_URL']})"
    west, south, east, north = _installation_bounds()
    # One try within the timeout: geopy's requests adapter would try three times (3 × the timeout).
    settings = {
        "domain": domain,
        "scheme": scheme,
        "user_agent": agent,
        "timeout": timeout,
        "adapter_factory": URLLibAdapter,
    }
    if service == "nominatim":
        geocoder = _NominatimV2(**settings)
        return geocoder.geocode(
            text,
            exactly_one=False,
            limit=CANDIDATES,
            country_codes="de",
            addressdetails=True,
            viewbox=((south, west), (north, east)),
            language="de",
        )
    geocoder = Photon(**settings)
    bbox = ((GERMANY[1], GERMANY[0]), (GERMANY[3], GERMANY[2]))
    return geocoder.geocode(
        text,
        exactly_one=False,
        limit=CANDIDATES,
        language="de",
        bbox=bbox,
        location_bias=((south + north) / 2, (west + east) / 2),
    )


class _NominatimV2(Nominatim):
    """Nominatim asked for `jsonv2`, whose `place_rank` says how precise a result is (geopy asks
    for `json`, which lacks it); the fields geopy reads are the same in both."""

    def _construct_url(self, base_api, params):
        return super()._construct_url(base_api, params | {"format": "jsonv2"})


def _best(service: str, results: list) -> GeocodedAddress | None:
    usable = []
    for location in results:
        raw = location.raw or {}
        lon, lat = float(location.longitude), float(location.latitude)
        if not in_germany(lon, lat):
            continue
        if service == "nominatim":
            country = (raw.get("address") or {}).get("country_code", "de")
            precise = int(raw.get("place_rank", 30)) >= MIN_NOMINATIM_RANK
        else:
            properties = raw.get("properties") or {}
            country = properties.get("countrycode", "DE").lower()
            precise = properties.get("type") not in COARSE_PHOTON_TYPES
        if country == "de" and precise:
            usable.append(GeocodedAddress(label=location.address, lon=round(lon, 6), lat=round(lat, 6)))
    west, south, east, north = _installation_bounds()
    here = [a for a in usable if west <= a.lon <= east and south <= a.lat <= north]
    return (here or usable or [None])[0]


#: How far beyond its regions an installation's area reaches (degrees): neighbouring towns count.
AREA_MARGIN = 0.3


def _installation_bounds() -> tuple[float, float, float, float]:
    """The regions of every Kommune, with a margin; Germany when there are none."""
    boxes = [to_geometry(b).bounds for b in db.session.scalars(select(Region.boundary)) if b is not None]
    if not boxes:
        return GERMANY
    return (
        min(b[0] for b in boxes) - AREA_MARGIN,
        min(b[1] for b in boxes) - AREA_MARGIN,
        max(b[2] for b in boxes) + AREA_MARGIN,
        max(b[3] for b in boxes) + AREA_MARGIN,
    )


def _within_client_budget() -> bool:
    """Each client may make the server ask the service CLIENT_LIMIT times a minute (like search)."""
    if not has_request_context() or not limiter.enabled:
        return True  # the command line (imports) is not a client
    return limiter.limiter.hit(CLIENT_LIMIT, "geocoder", get_remote_address())


class _TimedCache:
    """A small least-recently-used cache whose entries expire; shared by the threads of a worker."""

    def __init__(self, size: int, seconds: float):
        self.size, self.seconds = size, seconds
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key) -> tuple[bool, object]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                self._entries.pop(key, None)
                return False, None
            self._entries.move_to_end(key)
            return True, entry[1]

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache = _TimedCache(CACHE_SIZE, CACHE_SECONDS)
