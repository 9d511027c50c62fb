"""The JSON API under /api/: lists (JSON or GeoJSON), details, RFC 9457 problem details."""
