"""Leaflet, Leaflet.markercluster and jQuery served by our own server, from the xstatic packages.

Folium's own defaults point at CDNs; our maps list these URLs instead (see builders.py), per
map instance, so folium's class-level defaults stay untouched for any other use in the process.
"""

import xstatic.pkg.jquery
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from flask import Blueprint, Flask, url_for

VENDOR_PACKAGES = {
    "leaflet": xstatic.pkg.leaflet,
    "markercluster": xstatic.pkg.leaflet_markercluster,
    "jquery": xstatic.pkg.jquery,
}


def init_map_assets(app: Flask) -> None:
    for name, package in VENDOR_PACKAGES.items():
        blueprint = Blueprint(
            f"vendor_{name}",
            __name__,
            static_folder=package.BASE_DIR,
            static_url_path=f"/static/vendor/{name}/{package.VERSION}",
        )
        app.register_blueprint(blueprint)
    # Their package version is part of their URL: static_files.py caches them for a year.


def vendor_url(name: str, filename: str) -> str:
    return url_for(f"vendor_{name}.static", filename=filename)


def leaflet_js() -> list[tuple[str, str]]:
    """(name, url) pairs in folium's form: what every map needs, in load order."""
    return [
        ("leaflet", vendor_url("leaflet", "leaflet.js")),
        ("jquery", vendor_url("jquery", "jquery.min.js")),  # folium's popups use it
    ]


def leaflet_css() -> list[tuple[str, str]]:
    return [("leaflet_css", vendor_url("leaflet", "leaflet.css"))]


def markercluster_js() -> list[tuple[str, str]]:
    return [("markerclusterjs", vendor_url("markercluster", "leaflet.markercluster.js"))]


def markercluster_css() -> list[tuple[str, str]]:
    return [
        ("markerclustercss", vendor_url("markercluster", "MarkerCluster.css")),
        ("markerclusterdefaultcss", vendor_url("markercluster", "MarkerCluster.Default.css")),
    ]
