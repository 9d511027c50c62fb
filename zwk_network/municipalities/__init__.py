"""Where things are: Kommunen, their regions and the gazetteer of towns and villages."""
