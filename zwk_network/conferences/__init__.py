"""Regional conferences (Regionalkonferenzen) and other project events."""
