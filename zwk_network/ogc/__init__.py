"""OGC API – Features at /ogc/: the public entries as collections that GIS tools read (QGIS, GDAL).

Part 1 (core, GeoJSON, HTML, OpenAPI 3.0), Part 2 (CRS84 and EPSG:25833) and Part 3 (queryables,
CQL2 text filters: basic CQL2 and S_INTERSECTS). The collections are the entry kinds of entries.py
plus the regions; features come from the one serializer (serialize.to_feature), so they carry
exactly the public properties the JSON API shows.
"""
