"""Linked open data: schema.org JSON-LD on the detail pages, the DCAT-AP.de catalogue at /dcat."""
