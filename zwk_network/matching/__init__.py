"""Matching needs to initiatives and meeting places: scores with reasons, and gaps."""
