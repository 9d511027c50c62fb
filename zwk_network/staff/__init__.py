"""The staff area's frame: the start page (Übersicht), the staff navigation and the confirmation
messages every staff action leaves for the next page."""
