"""Measures (Maßnahmen): what a Kommune does about its needs, with whom, by when."""
