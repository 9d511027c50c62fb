"""The reference for tests: Vincenty's inverse formula (zwk_network.geo.ellipsoid)."""

from zwk_network.geo.ellipsoid import vincenty_m

__all__ = ["vincenty_m"]
