"""Line-break opportunities from ICU's dictionary-based line breaker (icu4py), the
one source for the PDFs (documents.text) and the GUI's labels (gui.labels).

Thai, Lao, Khmer and Burmese write no spaces between words; ICU finds the words
with its dictionaries. Qt's own line breaking leaves Khmer and Lao unbroken and
cuts Burmese anywhere, so the GUI lays such lines out from these boundaries.
"""

from __future__ import annotations


def segments(text: str, lang: str = "en") -> list[str]:
    """`text` cut after every line-break opportunity (ICU rules)."""
    try:
        from icu4py.breakers import LineBreaker

        return list(LineBreaker(text, lang)) or [text]
    except Exception:        # ICU missing or refusing the text: no extra opportunity
        return [text]
