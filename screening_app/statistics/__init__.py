"""Statistics for national task forces (COMMIT MOU art. 29-30): aggregates that can
be published without putting one person at risk, and a k-anonymous case-level
export in HTCDS 2.0 names.

Pure Python: no database, no Qt. Storage counts (storage/statistics.py); this room
builds the linked tables (`tables`), suppresses cells (`suppression`), anonymises
case-level records (`anonymise`) and writes CSV and JSON (`report`). The PDF is in
documents/, the screen in gui/. What leaves the device and why it is safe:
docs/statistics.md.
"""

DEFAULT_K = 11      # the Counter-Trafficking Data Collaborative's threshold
