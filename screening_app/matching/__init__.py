"""Duplicate-person candidates across scripts: Latin keys, sound-alike
comparison, blocking keys, and one score with reasons. No I/O, no Qt: storage
keeps the index (storage/duplicates.py), the GUI and CLI show the results.
"""

from screening_app.matching.compare import (
    AGE_WINDOW,
    DEFAULT_THRESHOLD,
    KNOWN_GENDERS,
    Match,
    Profile,
    Reason,
    blocking_keys,
    compare,
    name_similarity,
    profile_of,
)
from screening_app.matching.latin import latin_words

__all__ = [
    "AGE_WINDOW",
    "DEFAULT_THRESHOLD",
    "KNOWN_GENDERS",
    "Match",
    "Profile",
    "Reason",
    "blocking_keys",
    "compare",
    "latin_words",
    "name_similarity",
    "profile_of",
]
