"""Reports: the Zwischenbilanz (interim review) of a Kommune for a period, as a page and a PDF."""
