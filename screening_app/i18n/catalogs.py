"""Building and loading the gettext catalogs.

    python -m screening_app.i18n.catalogs compile   # .po -> .mo (make catalogs)
    python -m screening_app.i18n.catalogs update    # extract .pot, update every .po (make i18n)

Compiled catalogs are build products (not committed): `make run` and `make test`
compile them. A translation whose `{placeholders}` differ from its source string
is refused when loading, so a broken translation can never crash `str.format`.
"""

from __future__ import annotations

import gettext as _gettext
import re
import subprocess
import sys
from pathlib import Path

from screening_app.paths import LOCALES_DIR

DOMAIN = "screening_app"
TARGET_LANGUAGES = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def placeholders(text: str) -> list[str]:
    """The sorted `{...}` placeholders of a message, to compare source and translation."""
    return sorted(_PLACEHOLDER.findall(text))


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


class _CheckedTranslations(_gettext.GNUTranslations):
    """GNU catalog that drops translations whose placeholders differ from the source."""

    def _parse(self, fp):  # type: ignore[no-untyped-def]
        super()._parse(fp)
        catalog: dict[object, str] = self._catalog  # type: ignore[attr-defined]
        for key in list(catalog):
            msgid = key[0] if isinstance(key, tuple) else key
            if not isinstance(msgid, str) or not msgid:
                continue
            if "\x04" in msgid:
                msgid = msgid.split("\x04", 1)[1]
            if placeholders(catalog[key]) != placeholders(msgid):
                del catalog[key]


def load_compiled(lang: str) -> _gettext.NullTranslations:
    path = mo_path(lang)
    with path.open("rb") as fp:
        return _CheckedTranslations(fp)


def compile_all() -> int:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    count = 0
    for lang in TARGET_LANGUAGES:
        po = po_path(lang)
        if not po.exists():
            continue
        with po.open("rb") as fp:
            cat = read_po(fp, locale=None)
        target = mo_path(lang)
        tmp = target.with_suffix(".mo.tmp")
        with tmp.open("wb") as out:
            write_mo(out, cat, use_fuzzy=False)
        tmp.replace(target)
        count += 1
    return count


def update_all() -> None:
    """Extract from the code and the forms into the .pot, then update or create each .po."""
    root = LOCALES_DIR.parent
    pot = LOCALES_DIR / f"{DOMAIN}.pot"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [*pybabel, "extract", "-F", str(root / "babel.cfg"), "-o", str(pot),
         "--no-location", "--sort-output", "--project=screening-app",
         "-c", "TRANSLATORS:", str(root)],
        check=True,
    )
    for lang in TARGET_LANGUAGES:
        po = po_path(lang)
        if po.exists():
            subprocess.run([*pybabel, "update", "-i", str(pot), "-d", str(LOCALES_DIR),
                            "-D", DOMAIN, "-l", lang, "--no-fuzzy-matching"], check=True)
        else:
            subprocess.run([*pybabel, "init", "-i", str(pot), "-d", str(LOCALES_DIR),
                            "-D", DOMAIN, "-l", lang], check=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        compile_all()
        return 0
    if argv[:1] == ["update"]:
        update_all()
        return 0
    print("usage: python -m screening_app.i18n.catalogs compile|update", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
