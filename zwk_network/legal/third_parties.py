"""Who else receives data when someone uses the site – read from the configuration, so that the privacy
notice names the hosts the installation really uses, whatever the operator's text says."""

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ThirdParty:
    kind: str  # "tiles": the visitor's browser loads map tiles; "geocoder": our server asks for an address
    host: str
    attribution: str = ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def third_parties(config) -> list[ThirdParty]:
    """The configured tile server (it receives the visitor's IP address when a map loads) and, if one is
    configured, the geocoding service (it receives addresses typed into place fields, from our server)."""
    found = []
    if tiles := _host(config.get("TILE_URL", "")):
        found.append(ThirdParty("tiles", tiles, config.get("TILE_ATTRIBUTION", "")))
    if config.get("GEOCODER") and (geocoder := _host(config.get("GEOCODER_URL", ""))):
        found.append(ThirdParty("geocoder", geocoder))
    return found
