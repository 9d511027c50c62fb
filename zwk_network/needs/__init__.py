"""Needs (Handlungsbedarfe) named by residents at the regional conferences."""
