"""Geometry helpers: the database dialect layer, the GeoJSON serializer, the locator."""
