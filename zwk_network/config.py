"""Configuration in layers: defaults, then the instance folder, then ZWK_* variables, then tests."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

ENV_PREFIX = "ZWK_"


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


boolean.__name__ = "boolean (true/false)"


def host_list(raw: str) -> tuple[str, ...]:
    """Host names separated by commas; ".example.org" also admits every subdomain; "host:8000"
    names a port besides BASE_URL's."""
    hosts = tuple(host.strip().lower() for host in raw.split(",") if host.strip())
    if not hosts or any(not _HOST_NAME.fullmatch(host) for host in hosts):
        raise ValueError(raw)
    return hosts


host_list.__name__ = "comma-separated list of host names"


def rate_limit(raw: str) -> str:
    """Rate limits as Flask-Limiter writes them: "100 per hour; 300 per day"."""
    from limits import parse_many

    try:
        parsed = parse_many(raw)
    except ValueError:
        parsed = None
    if not parsed:
        raise ValueError(raw)
    return raw


rate_limit.__name__ = "rate limit (e.g. '100 per hour; 300 per day')"


def web_address(raw: str) -> str:
    """An http(s) address that can stand in an IRI as it is (no spaces, quotes or angle brackets)."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r'[\s<>"{}|\\^`]', raw.strip()):
        raise ValueError(raw)
    return raw.strip()


web_address.__name__ = "http(s) address"


def email_address(raw: str) -> str:
    """An e-mail address, in its normalised form."""
    from .email_address import InvalidEmail, normalised_email

    try:
        return normalised_email(raw)
    except InvalidEmail:
        raise ValueError(raw) from None


email_address.__name__ = "e-mail address"


def embed_origins(raw: str) -> dict[str, tuple[str, ...]]:
    """Which websites may show the embeddable map: origins separated by commas, each for every
    embed ("https://www.landkreis-rostock.de") or for the embeds of one Kommune, by its slug
    ("guestrow=https://www.guestrow.de"). Read into {"": installation-wide, slug: its own}."""
    origins: dict[str, tuple[str, ...]] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        slug, _sep, origin = item.rpartition("=") if "=" in item else ("", "", item)
        if (slug and not _SLUG.fullmatch(slug)) or not _ORIGIN.fullmatch(origin.lower()):
            raise ValueError(raw)
        origins[slug] = (*origins.get(slug, ()), origin.lower())
    if not origins:
        raise ValueError(raw)
    return origins


embed_origins.__name__ = "comma-separated list of origins (https://host), each optionally as slug=origin"
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_ORIGIN = re.compile(r"https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?")
_HOST_NAME = re.compile(r"(\.?[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(:[0-9]{1,5})?")

#: Settings that may come from the environment, with the type they are parsed to.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "SPATIALITE_MODULE": str,
    "DEFAULT_LOCALE": str,
    "PER_PAGE": int,
    "MAX_PER_PAGE": int,
    "IMPORT_MAX_BYTES": int,
    "TILE_URL": str,
    "TILE_ATTRIBUTION": str,
    "SEARCH_DIR": str,
    # The search engine by name (search/engine.py: "whoosh"); empty: the default for the database.
    "SEARCH_BACKEND": str,
    "ENV": str,
    # The site's public address: every link in an e-mail starts with it (never with the request's host).
    "BASE_URL": str,
    # The host names requests may name (Host header), on BASE_URL's port unless an entry names
    # its own (host:port); others get 400. Default: BASE_URL's host.
    "TRUSTED_HOSTS": host_list,
    # The most entries a Wegweiser PDF made on request may have (more: flask wegweiser pdf).
    "GUIDE_PDF_MAX_ENTRIES": int,
    # Which websites may frame the embeddable map (/embed/karte); unset: any website may.
    "EMBED_ORIGINS": embed_origins,
    # How many reverse proxies stand in front (their X-Forwarded-For/-Proto are believed); 0: none.
    "PROXY_COUNT": int,
    # E-mail: with no MAIL_SERVER, every message is written to MAIL_OUTBOX instead of sent.
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": boolean,
    "MAIL_USE_SSL": boolean,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_OUTBOX": str,
    # Rate limits (Flask-Limiter): memory by default, e.g. redis://127.0.0.1:6379/0 for several workers.
    "RATELIMIT_STORAGE_URL": str,
    # How many forms one address, and one e-mail address, may store (form_limits.py).
    "REGISTRATION_LIMIT_PER_ADDRESS": rate_limit,
    "REGISTRATION_LIMIT_PER_EMAIL": rate_limit,
    "CONFERENCE_LIMIT_PER_ADDRESS": rate_limit,
    "CONFERENCE_LIMIT_PER_EMAIL": rate_limit,
    "EDIT_LINK_LIMIT_PER_ADDRESS": rate_limit,
    "EDIT_LINK_LIMIT_PER_EMAIL": rate_limit,
    "FEEDBACK_LIMIT_PER_ADDRESS": rate_limit,
    "FEEDBACK_LIMIT_PER_EMAIL": rate_limit,
    "EDIT_LINK_DAYS": int,
    # Subscriptions (subscriptions/): how long a confirmation link works, when an unconfirmed
    # subscription is deleted, at most one digest per this many hours, the „Bedarfe in meiner
    # Nähe“ radius of an initiative without its own, and the subscribe form's limits.
    "SUBSCRIPTION_CONFIRM_DAYS": int,
    "SUBSCRIPTION_UNCONFIRMED_DAYS": int,
    "SUBSCRIPTION_MIN_HOURS": int,
    "SUBSCRIPTION_NEARBY_KM": float,
    "SUBSCRIBE_LIMIT_PER_ADDRESS": rate_limit,
    "SUBSCRIBE_LIMIT_PER_EMAIL": rate_limit,
    # Entries unconfirmed for this many months are hidden from the public until confirmed
    # (`flask freshness`, moderation/freshness.py).
    "FRESHNESS_HIDE_AFTER_MONTHS": int,
    "CONTRIBUTE_LIMIT_PER_ADDRESS": rate_limit,
    "CONTRIBUTE_LIMIT_PER_EMAIL": rate_limit,
    # Related words, word parts and filler words for search and matching (taxonomy/lexicon.toml).
    "LEXICON_FILE": str,
    # Folder of the compound splitter's model file (search/compound_model.py), written once and
    # shared by all processes; default: the user's cache folder (~/.cache/zwk-network).
    "COMPOUND_MODEL_DIR": str,
    "SESSION_COOKIE_SECURE": boolean,
    # Address geocoding for place fields and registration (places/geocoding.py): "nominatim" or
    # "photon" at GEOCODER_URL; none by default, so that no request leaves the server unasked.
    "GEOCODER": str,
    "GEOCODER_URL": str,
    "GEOCODER_TIMEOUT": float,
    # The DCAT-AP.de catalogue at /dcat (linkeddata/dcat.py): the licence of the data (a URI of
    # http://dcat-ap.de/def/licenses/), who publishes the installation, whom to ask, and the
    # contributor ID the open-data portal assigned (dcatde:contributorID; none until given).
    "DCAT_LICENSE": web_address,
    "DCAT_PUBLISHER": str,
    "DCAT_CONTACT_EMAIL": email_address,
    "DCAT_CONTRIBUTOR_ID": web_address,
}


DEVELOPMENT_SECRET_KEY = "dev-only-secret-change-me"
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
#: Besides BASE_URL's host, what a development server (and the test client) is reached as.
DEVELOPMENT_HOSTS = ("localhost", "127.0.0.1", "[::1]")


class StartupError(SystemExit):
    """Start-up cannot continue; the message is printed as one line, without a traceback."""

    def __init__(self, message: str):
        super().__init__(f"zwk-network: {message}")


def default_settings(instance_path: str) -> dict:
    """Defaults that make the application run out of the box on the embedded database."""
    return {
        "ENV": "development",
        "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
        "DATABASE_URL": "sqlite:///" + str(Path(instance_path) / "zwk_network.sqlite"),
        "SPATIALITE_MODULE": "mod_spatialite",
        "DEFAULT_LOCALE": "de",
        "LANGUAGES": ("de", "en"),
        "PER_PAGE": 20,
        "MAX_PER_PAGE": 100,
        "IMPORT_MAX_BYTES": 200 * 1024 * 1024,
        "SEARCH_DIR": str(Path(instance_path) / "search-index"),
        "SEARCH_BACKEND": "",
        "TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "TILE_ATTRIBUTION": "© OpenStreetMap-Mitwirkende",
        "BASE_URL": DEVELOPMENT_BASE_URL,
        "TRUSTED_HOSTS": None,  # derived from BASE_URL (below)
        "PROXY_COUNT": 0,
        "EMBED_ORIGINS": {},  # any website may embed the map (config.embed_origins)
        # ~0.05 s of CPU per entry (bench/run_guide_bench.py): 300 stay well inside a worker's 30 s.
        "GUIDE_PDF_MAX_ENTRIES": 300,
        "MAIL_SERVER": "",
        "MAIL_PORT": 587,
        "MAIL_USE_TLS": True,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "zwk-network <noreply@localhost>",
        "MAIL_OUTBOX": str(Path(instance_path) / "outbox"),
        "RATELIMIT_STORAGE_URL": "memory://",
        # A conference puts ~40 initiatives behind one Wi-Fi, each registering an initiative and a
        # meeting place, or for the next conference: they stay below the address's limit; a bot's
        # hundredth form within the hour does not, nor a sixth one to the same e-mail address.
        "REGISTRATION_LIMIT_PER_ADDRESS": "100 per hour; 300 per day",
        "REGISTRATION_LIMIT_PER_EMAIL": "5 per hour; 20 per day",
        "CONFERENCE_LIMIT_PER_ADDRESS": "100 per hour; 300 per day",
        "CONFERENCE_LIMIT_PER_EMAIL": "5 per hour; 20 per day",
        # A room that asks for its edit links at once gets them; one address is not flooded.
        "EDIT_LINK_LIMIT_PER_ADDRESS": "100 per hour; 300 per day",
        "EDIT_LINK_LIMIT_PER_EMAIL": "5 per hour; 20 per day",
        # Barrier reports (accessibility statement): a workshop testing the site together gets through.
        "FEEDBACK_LIMIT_PER_ADDRESS": "30 per hour; 100 per day",
        "FEEDBACK_LIMIT_PER_EMAIL": "5 per hour; 20 per day",
        "EDIT_LINK_DAYS": 400,  # a yearly reminder renews it before it runs out
        "SUBSCRIPTION_CONFIRM_DAYS": 7,
        "SUBSCRIPTION_UNCONFIRMED_DAYS": 7,
        "SUBSCRIPTION_MIN_HOURS": 24,  # „höchstens eine E-Mail am Tag“; 0: „sofort“ means each run
        "SUBSCRIPTION_NEARBY_KM": 20.0,
        "SUBSCRIBE_LIMIT_PER_ADDRESS": "100 per hour; 300 per day",
        "SUBSCRIBE_LIMIT_PER_EMAIL": "5 per hour; 20 per day",
        "FRESHNESS_HIDE_AFTER_MONTHS": 18,  # after the yearly reminder and its repetitions
        "CONTRIBUTE_LIMIT_PER_ADDRESS": "100 per hour; 300 per day",
        "CONTRIBUTE_LIMIT_PER_EMAIL": "5 per hour; 20 per day",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,  # True in production (below)
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,  # a long form may take a while to fill in
        "GEOCODER": "",
        "GEOCODER_URL": "",
        "GEOCODER_TIMEOUT": 3.0,
        "DCAT_LICENSE": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "DCAT_PUBLISHER": "zwk-network – Zukunftswerkstatt Kommunen",
        "DCAT_CONTACT_EMAIL": "",
        "DCAT_CONTRIBUTOR_ID": "",
    }


def settings_from_environment(environ=os.environ) -> dict:
    """Read every known ZWK_* variable, parsed to its type; a malformed value stops start-up."""
    settings = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(ENV_PREFIX + name)
        if raw is None or raw == "":
            continue
        try:
            settings[name] = kind(raw)
        except ValueError:
            message = f"{ENV_PREFIX}{name}={raw!r} is not a valid {kind.__name__}"
            raise StartupError(message) from None
    return settings


def check_production_settings(config) -> None:
    """Derived settings and checks; in production (ZWK_ENV=production) a real secret key and
    the site's address are required."""
    base = _checked_base_url(config["BASE_URL"])
    if config["PROXY_COUNT"] < 0:
        raise StartupError("ZWK_PROXY_COUNT must be 0 (no proxy) or the number of proxies in front")
    production = config["ENV"] == "production"
    if not config["TRUSTED_HOSTS"]:  # never empty: Werkzeug would then trust every host
        config["TRUSTED_HOSTS"] = (
            [base.hostname] if production else sorted({base.hostname, *DEVELOPMENT_HOSTS})
        )
    config["TRUSTED_HOSTS"] = list(config["TRUSTED_HOSTS"])
    _check_geocoder(config)
    if config["FRESHNESS_HIDE_AFTER_MONTHS"] < 1:
        raise StartupError("ZWK_FRESHNESS_HIDE_AFTER_MONTHS must be at least 1 (months)")
    if not production:
        return
    if config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY:
        raise StartupError("ZWK_SECRET_KEY must be set when ZWK_ENV=production")
    if config["BASE_URL"] == DEVELOPMENT_BASE_URL:
        raise StartupError("ZWK_BASE_URL must be set when ZWK_ENV=production (e.g. https://zwk.example.org)")
    # Cookies only over HTTPS in production, unless switched off (ZWK_SESSION_COOKIE_SECURE=false).
    if "SESSION_COOKIE_SECURE" not in config.get("_FROM_ENVIRONMENT", ()):
        config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]


def _checked_base_url(url: str):
    """BASE_URL parsed: http(s), a host, perhaps a path; nothing else."""
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018  (raises for a malformed port)
    except ValueError:
        parts = None
    if (
        not parts
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
    ):
        raise StartupError(f"ZWK_BASE_URL={url!r} is not an address like https://zwk.example.org")
    return parts


GEOCODERS = ("nominatim", "photon")


def _check_geocoder(config) -> None:
    """A geocoder is optional; when one is named, it needs a known kind, an http(s) address and a
    timeout of at most 30 seconds (a place field waits for it)."""
    service = (config.get("GEOCODER") or "").strip().lower()
    config["GEOCODER"] = service
    if not service:
        return
    if service not in GEOCODERS:
        raise StartupError(
            f"ZWK_GEOCODER={service!r} is not one of {', '.join(GEOCODERS)} (or empty for none)"
        )
    parts = urlsplit(config.get("GEOCODER_URL") or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StartupError(
            f"ZWK_GEOCODER={service} needs ZWK_GEOCODER_URL, e.g. https://nominatim.example.org"
        )
    if not 0 < float(config.get("GEOCODER_TIMEOUT") or 0) <= 30:
        raise StartupError("ZWK_GEOCODER_TIMEOUT must be more than 0 and at most 30 seconds")
