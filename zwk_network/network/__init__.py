"""Connecting actors (Vernetzung): needs linked to the initiatives and places that take them on."""
