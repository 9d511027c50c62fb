"""Import and export of initiatives, meeting places, needs and regions (GeoJSON and CSV)."""
