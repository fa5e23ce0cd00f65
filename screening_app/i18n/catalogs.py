"""Building and loading the gettext catalogs.

    python -m screening_app.i18n.catalogs compile   # .po -> .mo (make catalogs)
    python -m screening_app.i18n.catalogs update    # extract, update every .po (make i18n)
    python -m screening_app.i18n.catalogs stats     # how much is translated, per language

Two gettext domains, so that form texts can be translated by other people than
the program's screens, and each text is looked up in exactly one of them:
- `screening_app`: strings marked with `_()`/`N_()` in the code (methods `python`
  in babel.cfg);
- `forms`: texts of forms/indicators/rules (every other method in babel.cfg, i.e.
  the forms extractor in `screening_app.i18n.extract`); a form's texts carry the
  context of their form version ("identification 1.1"). When `update` meets a new
  form version, each of its texts starts with the translation the same English had
  in the previous version of that form (corrections are then made by hand).

Compiled catalogs are build products (not committed): `make run` and `make test`
compile them. A translation whose `{placeholders}` differ from its source string
is refused when loading, so a broken translation can never crash `str.format`.
"""

from __future__ import annotations

import copy
import gettext as _gettext
import importlib.util
import io
import re
import struct
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening_app.paths import LOCALES_DIR

UI_DOMAIN = "screening_app"
FORMS_DOMAIN = "forms"
DOMAINS = (UI_DOMAIN, FORMS_DOMAIN)
DOMAIN = UI_DOMAIN  # kept for callers of the single-domain API
TARGET_LANGUAGES = ("en", "km", "zh_Hans", "lo", "my", "th", "vi")
TRANSLATED_LANGUAGES = TARGET_LANGUAGES[1:]   # English is the source language
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Extra extraction keywords: translate(message, lang) is how the bilingual screens ask.
KEYWORDS: dict[str, Any] = {"translate": (1,), "ntranslate": (1, 2), "NC_": ((1, "c"), 2)}
COMMENT_TAGS = ("TRANSLATORS:",)

# Written at the top of every .po file, kept on every update.
REVIEW_NOTE = """\
Screening & Referral: {language} translations ({domain}).
STATUS: DRAFT. These translations await review by native speakers who work
in the field (frontline officers, interpreters, shelter staff). Until a
reviewer has signed below, treat every string as unreviewed.
Reviewed by: (name, organisation, date)
See docs/translating.md for the glossary and how to review.
This file is distributed under the same license as the screening-app package."""


def placeholders(text: str) -> list[str]:
    """The sorted `{...}` placeholders of a message, to compare source and translation."""
    return sorted(_PLACEHOLDER.findall(text))


def placeholders_match(msgid: str | Sequence[str], msgstr: str | Sequence[str] | None) -> bool:
    """True when every non-empty translation keeps the source's placeholders.

    Plural forms may follow either the singular or the plural source (the six
    languages have one plural form, which usually follows the plural)."""
    sources = [msgid] if isinstance(msgid, str) else list(msgid)
    allowed = [placeholders(s) for s in sources]
    targets = [msgstr] if isinstance(msgstr, str) else list(msgstr or ())
    return all(not t or placeholders(t) in allowed for t in targets)


def po_path(lang: str, domain: str = UI_DOMAIN, base: Path | None = None) -> Path:
    return (base or LOCALES_DIR) / lang / "LC_MESSAGES" / f"{domain}.po"


def mo_path(lang: str, domain: str = UI_DOMAIN, base: Path | None = None) -> Path:
    return (base or LOCALES_DIR) / lang / "LC_MESSAGES" / f"{domain}.mo"


def _mo_messages(data: bytes) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a compiled catalog as stored: context joined by EOT,
    plural forms joined by NUL. Read directly (the format is a pair of offset
    tables) so that loading a catalog at start-up does not import Babel."""
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, originals, translations = struct.unpack(order + "3I", data[8:20])
    pairs = []
    for i in range(count):
        olen, ooff = struct.unpack(order + "2I", data[originals + 8 * i:originals + 8 * i + 8])
        tlen, toff = struct.unpack(order + "2I",
                                   data[translations + 8 * i:translations + 8 * i + 8])
        pairs.append((data[ooff:ooff + olen].decode("utf-8"),
                      data[toff:toff + tlen].decode("utf-8")))
    return pairs


def _bad_msgids(data: bytes) -> set[str]:
    """Keys (as GNUTranslations stores them) of translations with wrong placeholders."""
    bad: set[str] = set()
    for raw_id, raw_string in _mo_messages(data):
        if not raw_id:
            continue
        context, _eot, ident = raw_id.rpartition("\x04")
        forms = ident.split("\x00")
        msgid: str | tuple[str, ...] = forms[0] if len(forms) == 1 else tuple(forms)
        strings = raw_string.split("\x00")
        msgstr: str | tuple[str, ...] = strings[0] if len(forms) == 1 else tuple(strings)
        if placeholders_match(msgid, msgstr):
            continue
        bad.add(f"{context}\x04{forms[0]}" if context else forms[0])
    return bad


class CheckedTranslations(_gettext.GNUTranslations):
    """GNU catalog without the translations whose placeholders differ from the source."""

    refused: set[str]

    def _parse(self, fp):  # type: ignore[no-untyped-def]
        data = fp.read()
        super()._parse(io.BytesIO(data))
        self.refused = _bad_msgids(data)
        catalog: dict[object, str] = self._catalog  # type: ignore[attr-defined]
        for key in list(catalog):
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid in self.refused:
                del catalog[key]


def load_compiled(lang: str, domain: str = UI_DOMAIN, base: Path | None = None
                  ) -> CheckedTranslations:
    """The compiled catalog of one language and domain; FileNotFoundError if not built."""
    with mo_path(lang, domain, base).open("rb") as fp:
        return CheckedTranslations(fp)


def load_chain(lang: str, base: Path | None = None) -> _gettext.NullTranslations:
    """Both compiled catalogs of `lang`, the program's with the forms catalog as its
    fallback. Kept for callers of the earlier API only: the program looks each text
    up in its own catalog (`screening_app.i18n.translate`), never through this chain."""
    chain: _gettext.NullTranslations | None = None
    for domain in DOMAINS:
        try:
            loaded: _gettext.NullTranslations = load_compiled(lang, domain, base)
        except FileNotFoundError:
            continue
        if chain is None:
            chain = loaded
        else:
            chain.add_fallback(loaded)
    return chain or _gettext.NullTranslations()


def compile_all(base: Path | None = None) -> int:
    """Compile every .po into .mo beside it (fuzzy entries are left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    count = 0
    for lang in TARGET_LANGUAGES:
        for domain in DOMAINS:
            po = po_path(lang, domain, base)
            if not po.exists():
                continue
            with po.open("rb") as fp:
                cat = read_po(fp, locale=lang, domain=domain)
            target = mo_path(lang, domain, base)
            tmp = target.with_suffix(".mo.tmp")
            with tmp.open("wb") as out:
                write_mo(out, cat, use_fuzzy=False)
            tmp.replace(target)
            count += 1
    return count


def _method_maps(root: Path) -> dict[str, list[tuple[str, str]]]:
    """babel.cfg split by domain: python sources feed the UI, everything else the forms."""
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as fp:
        method_map, _options = parse_mapping_cfg(fp, "babel.cfg")
    maps: dict[str, list[tuple[str, str]]] = {UI_DOMAIN: [], FORMS_DOMAIN: []}
    for pattern, method in method_map:
        maps[UI_DOMAIN if method == "python" else FORMS_DOMAIN].append((pattern, method))
    return maps


def _forms_extractor_ready() -> bool:
    # The forms extractor arrives with the screening content; until then the
    # forms domain is updated from nothing rather than failing the whole run.
    return importlib.util.find_spec("screening_app.i18n.extract") is not None


def extract(domain: str, root: Path | None = None) -> Any:
    """A template catalog (babel Catalog) of every message of one domain."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    root = root or LOCALES_DIR.parent
    template = Catalog(project="screening-app", domain=domain, fuzzy=False,
                       msgid_bugs_address="", copyright_holder="")
    method_map = _method_maps(root)[domain]
    if domain == FORMS_DOMAIN and not _forms_extractor_ready():
        print("forms extractor (screening_app.i18n.extract) not present yet: "
              "forms catalog left as it is", file=sys.stderr)
        return None
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, {}, keywords=keywords, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)
    return template


def _messages_signature(cat: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (str(m.id), str(m.context), str(m.string), sorted(m.flags), list(m.auto_comments),
         sorted({loc[0] for loc in m.locations}))
        for m in cat if m.id
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("screening-app")
    except PackageNotFoundError:
        return "0"


# Burmese has no grammatical plural (CLDR: one form), but Babel's plural table
# lacks "my" and falls back to English's two forms.
ONE_PLURAL_FORM = frozenset({"my"})


def _fix_plural_forms(cat: Any, lang: str) -> bool:
    """Give languages Babel does not know their one plural form; True if changed."""
    if lang not in ONE_PLURAL_FORM or cat.num_plurals == 1:
        return False
    cat._num_plurals, cat._plural_expr = 1, "0"
    for message in cat:
        if message.id and isinstance(message.string, tuple):
            message.string = message.string[:1]
    return True


def update_po(lang: str, domain: str, template: Any, base: Path | None = None) -> bool:
    """Bring one .po in line with the template; True when the file changed."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    po = po_path(lang, domain, base)
    if po.exists():
        with po.open("rb") as fp:
            cat = read_po(fp, locale=lang, domain=domain)
        before = _messages_signature(cat)
        earlier = {(str(m.id), m.context): m for m in (*cat, *cat.obsolete.values()) if m.id}
        # A copy: Catalog.update puts the template's own Message objects into `cat`,
        # and filling them would fill them for every other language too.
        cat.update(copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False)
        if domain == FORMS_DOMAIN:
            carry_over_form_versions(cat, earlier)
        plural_fixed = _fix_plural_forms(cat, lang)
        if _messages_signature(cat) == before and not cat.obsolete and not plural_fixed:
            return False
        cat.obsolete.clear()   # a removed string's translation is in git history
    else:
        cat = Catalog(locale=lang, domain=domain, project="screening-app",
                      header_comment="", fuzzy=False)
        cat.update(template, no_fuzzy_matching=True)
        _fix_plural_forms(cat, lang)
    cat.header_comment = "\n".join(
        "# " + line if line else "#"
        for line in REVIEW_NOTE.format(language=lang, domain=domain).splitlines()
    )
    cat.revision_date = datetime.now(UTC)
    cat.project, cat.version = "screening-app", _version()
    cat.last_translator = "DRAFT - awaiting review by native speakers in the field"
    cat.language_team = f"{lang} <see docs/translating.md>"
    cat.msgid_bugs_address = "see docs/translating.md"
    write_catalog(cat, po)
    return True


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a form version ("1.10" after "1.9"), as screening.files sorts them
    (i18n sits below screening, so it cannot import that one)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.-]", version))


def _form_version(context: str | None) -> tuple[str, str] | None:
    """("identification", "1.1") from a form text's context, None for no context."""
    form_id, _sep, version = (context or "").rpartition(" ")
    return (form_id, version) if form_id and version else None


def carry_over_form_versions(cat: Any, earlier: dict[tuple[str, str | None], Any]) -> int:
    """Fill each untranslated text of a form version with the translation (and the
    translator's comments) the same English had in the newest earlier version of
    that form, else without a context (catalogs written before contexts); return
    how many were filled."""
    filled = 0
    for message in cat:
        version = _form_version(message.context)
        if not message.id or message.string or version is None:
            continue
        form_id, current = version
        older = sorted(
            ((v[1], m) for (msgid, ctx), m in earlier.items()
             if msgid == str(message.id) and m.string
             and (v := _form_version(ctx)) is not None and v[0] == form_id
             and version_key(v[1]) < version_key(current)),
            key=lambda vm: version_key(vm[0]))
        source = older[-1][1] if older else earlier.get((str(message.id), None))
        if source is None or not source.string:
            continue
        message.string = source.string
        message.user_comments = list(source.user_comments)
        filled += 1
    return filled


def write_catalog(cat: Any, po: Path) -> None:
    """Write a .po the one way this project does (sorted, file names without line numbers)."""
    from babel.messages.pofile import write_po

    po.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, cat, width=0, sort_output=True, ignore_obsolete=True, include_lineno=False)
    po.write_bytes(buf.getvalue())


def update_all(languages: Iterable[str] = TARGET_LANGUAGES) -> list[Path]:
    """Extract the messages of both domains and update or create each .po."""
    changed: list[Path] = []
    for domain in DOMAINS:
        template = extract(domain)
        if template is None:
            continue
        for lang in languages:
            if update_po(lang, domain, template):
                changed.append(po_path(lang, domain))
    return changed


def stats() -> dict[tuple[str, str], tuple[int, int, int]]:
    """(lang, domain) -> (translated, fuzzy, total) for every existing .po."""
    from babel.messages.pofile import read_po

    out: dict[tuple[str, str], tuple[int, int, int]] = {}
    for lang in TRANSLATED_LANGUAGES:
        for domain in DOMAINS:
            po = po_path(lang, domain)
            if not po.exists():
                continue
            with po.open("rb") as fp:
                cat = read_po(fp, locale=lang, domain=domain)
            msgs = [m for m in cat if m.id]
            done = [m for m in msgs if m.string and all(m.string if isinstance(m.string, tuple)
                                                        else [m.string])]
            fuzzy = [m for m in msgs if m.fuzzy]
            out[(lang, domain)] = (len(done), len(fuzzy), len(msgs))
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        compile_all()
        return 0
    if argv[:1] == ["update"]:
        for path in update_all():
            print(f"updated {path.relative_to(LOCALES_DIR.parent)}")
        return 0
    if argv[:1] == ["stats"]:
        for (lang, domain), (done, fuzzy, total) in stats().items():
            print(f"{lang:8} {domain:14} {done:5}/{total:<5} translated, {fuzzy} fuzzy")
        return 0
    print("usage: python -m screening_app.i18n.catalogs compile|update|stats", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
