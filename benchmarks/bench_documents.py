"""Render a 2-page bilingual referral PDF per language pair, beside the same
document with Latin text only. Synthetic people and agencies."""

from __future__ import annotations

import re

from benchmarks.common import Result, median, time_calls
from screening_app.domain import Agency, Case
from screening_app.samples.documents import recipient, sample_case, sender
from screening_app.samples.people import PEOPLE

PAIRS = [("km", "th"), ("my", "th"), ("zh_Hans", "vi"), ("lo", "th"), ("th", "en")]
LATIN = ("en", "vi")


def _case(lang: str, officer: str, repeats: int) -> Case:
    """The samples' referral case, with the person's sentence `repeats` times as the
    officer's note (en: the Latin-only reference)."""
    sentence = PEOPLE[lang][4] + " "
    return sample_case(lang, officer=officer, note=sentence * repeats,
                       reference="KH-00-BEEF-000042")


def _agencies(officer: str, lang: str) -> tuple[Agency, Agency]:
    return sender(officer), recipient(lang)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _two_pages(lang: str, langs: list[str]) -> tuple[Case, Agency, Agency, int]:
    """The case whose note makes the referral two pages long (or the shortest
    referral, when the form alone already takes more); and its page count."""
    from screening_app.documents import render_referral

    sender, recipient = _agencies(langs[1], lang)
    for repeats in range(200):
        case = _case(lang, langs[1], repeats)
        n = pages(render_referral(case, sender=sender, recipient=recipient, languages=langs,
                                  officer_note=case.note or None))
        if n >= 2:
            return case, sender, recipient, n
    raise RuntimeError("note never reached two pages")


def referral_pdf(repeat: int) -> list[Result]:
    from screening_app.documents import render_referral

    def timed(lang: str, langs: list[str]) -> tuple[list[float], int]:
        case, sender, recipient, n = _two_pages(lang, langs)
        return time_calls(lambda: render_referral(case, sender=sender, recipient=recipient,
                                                  languages=langs,
                                                  officer_note=case.note or None),
                          repeat), n

    latin_ms, latin_pages = timed("en", list(LATIN))
    latin = median(latin_ms)
    results = []
    for lang, other in PAIRS:
        ours_ms, n = timed(lang, [lang, other])
        r = Result(f"referral PDF, {n} pages, {lang}+{other}", median(ours_ms), "ms", latin,
                   f"the same document in Latin only (en+vi, {latin_pages} pages)",
                   target="≤ 300 ms median")
        if n > 2:
            r.note = f"the form alone takes {n} pages in {lang}+{other} (no officer's note)"
        r.met = r.ours <= 300
        results.append(r)
    return results
