"""ETRS89 / UTM zone 33N (EPSG:25833) from and to longitude/latitude, in plain NumPy.

The Krüger series of the transverse Mercator projection to the third order in n (as in Karney,
"Transverse Mercator with an accuracy of a few nanometers", 2011, truncated): within 3 000 km of
the central meridian its error stays below a millimetre – far below what our coordinates carry.
tests/geo/test_utm.py checks it against PROJ (pyproj) in a separate process.

Why not PROJ here: pyproj's wheel brings its own PROJ library, and in a process that has also
loaded SpatiaLite (linked to Debian's PROJ) the two clash – the interpreter crashed with heap
corruption when it exited (measured). SQL's ST_Transform is no way out either: our SpatiaLite
databases hold only the WGS84 reference systems (geo/dialect.py), so it would work on PostGIS only.
ETRS89 and WGS84 coordinates are taken as equal, as PROJ does without a time-dependent
transformation (they differ by well under a metre in Germany).
"""

import math

import numpy

# GRS80, the ellipsoid of ETRS89.
_A = 6_378_137.0
_F = 1 / 298.257222101
_N = _F / (2 - _F)
_RECTIFYING = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ALPHA = (_N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16, 13 * _N**2 / 48 - 3 * _N**3 / 5, 61 * _N**3 / 240)
_BETA = (_N / 2 - 2 * _N**2 / 3 + 37 * _N**3 / 96, _N**2 / 48 + _N**3 / 15, 17 * _N**3 / 480)
_DELTA = (2 * _N - 2 * _N**2 / 3 - 2 * _N**3, 7 * _N**2 / 3 - 8 * _N**3 / 5, 56 * _N**3 / 15)
_SCALE = 0.9996
_FALSE_EASTING = 500_000.0
_CENTRAL_MERIDIAN = math.radians(15.0)  # zone 33
_E2N = 2 * math.sqrt(_N) / (1 + _N)


def to_utm33(lon, lat):
    """Easting and northing in metres (arrays) of longitudes and latitudes in degrees."""
    phi = numpy.radians(numpy.asarray(lat, dtype=float))
    dlam = numpy.radians(numpy.asarray(lon, dtype=float)) - _CENTRAL_MERIDIAN
    sin_phi = numpy.sin(phi)
    t = numpy.sinh(numpy.arctanh(sin_phi) - _E2N * numpy.arctanh(_E2N * sin_phi))
    xi = numpy.arctan2(t, numpy.cos(dlam))
    eta = numpy.arctanh(numpy.sin(dlam) / numpy.sqrt(1 + t * t))
    east, north = eta.copy(), xi.copy()
    for j, alpha in enumerate(_ALPHA, start=1):
        east += alpha * numpy.cos(2 * j * xi) * numpy.sinh(2 * j * eta)
        north += alpha * numpy.sin(2 * j * xi) * numpy.cosh(2 * j * eta)
    return _FALSE_EASTING + _SCALE * _RECTIFYING * east, _SCALE * _RECTIFYING * north


def from_utm33(east, north):
    """Longitudes and latitudes in degrees (arrays) of eastings and northings in metres."""
    xi = numpy.asarray(north, dtype=float) / (_SCALE * _RECTIFYING)
    eta = (numpy.asarray(east, dtype=float) - _FALSE_EASTING) / (_SCALE * _RECTIFYING)
    xi_p, eta_p = xi.copy(), eta.copy()
    for j, beta in enumerate(_BETA, start=1):
        xi_p -= beta * numpy.sin(2 * j * xi) * numpy.cosh(2 * j * eta)
        eta_p -= beta * numpy.cos(2 * j * xi) * numpy.sinh(2 * j * eta)
    chi = numpy.arcsin(numpy.sin(xi_p) / numpy.cosh(eta_p))
    phi = chi.copy()
    for j, delta in enumerate(_DELTA, start=1):
        phi += delta * numpy.sin(2 * j * chi)
    lam = _CENTRAL_MERIDIAN + numpy.arctan2(numpy.sinh(eta_p), numpy.cos(xi_p))
    return numpy.degrees(lam), numpy.degrees(phi)
