"""Initiatives and meeting places: the entries citizens find and initiatives keep current."""
