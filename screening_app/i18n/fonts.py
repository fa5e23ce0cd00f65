"""The one place that decides which font file draws which script.

Qt-free and ReportLab-free: the GUI registers the chosen files with Qt, the
documents layer with ReportLab. Fonts are looked for in the app's resources
folder first, then in the usual Windows, macOS and Linux locations.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from screening_app.i18n.scripts import (  # noqa: F401 - also imported from here
    LANGUAGE_SCRIPT,
    Script,
    script_of,
    script_runs,
    scripts_in,
)
from screening_app.paths import FONTS_DIR


@dataclass(frozen=True)
class FontFile:
    script: Script
    path: Path
    bold: bool
    subfont_index: int = 0       # for .ttc collections

    @property
    def family(self) -> str:
        return f"SR-{self.script.value}{'-Bold' if self.bold else ''}"


# File names to look for, best first: the bundled/Debian Noto fonts, then the
# fonts Windows and macOS ship for each script.
_CANDIDATES: dict[Script, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Script.LATIN: (("NotoSans-Regular.ttf", "DejaVuSans.ttf", "segoeui.ttf", "arial.ttf",
                    "Arial.ttf"),
                   ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf", "segoeuib.ttf", "arialbd.ttf",
                    "Arial Bold.ttf")),
    Script.KHMER: (("NotoSansKhmer-Regular.ttf", "KhmerUI.ttf", "Khmer MN.ttc"),
                   ("NotoSansKhmer-Bold.ttf", "KhmerUIb.ttf")),
    Script.LAO: (("NotoSansLao-Regular.ttf", "LaoUI.ttf", "Lao MN.ttc"),
                 ("NotoSansLao-Bold.ttf", "LaoUIb.ttf")),
    Script.MYANMAR: (("NotoSansMyanmar-Regular.ttf", "mmrtext.ttf", "Myanmar MN.ttc"),
                     ("NotoSansMyanmar-Bold.ttf", "mmrtextb.ttf")),
    Script.THAI: (("NotoSansThai-Regular.ttf", "LeelawUI.ttf", "Thonburi.ttc"),
                  ("NotoSansThai-Bold.ttf", "LeelaUIb.ttf")),
    Script.HAN: (("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf", "msyh.ttc",
                  "simsun.ttc"),
                 ()),
}

# What to install when a script's font is missing (Debian/Ubuntu package names).
INSTALL_HINT: dict[Script, str] = {
    Script.LATIN: "fonts-noto-core (or fonts-dejavu-core)",
    Script.KHMER: "fonts-noto-core (Noto Sans Khmer)",
    Script.LAO: "fonts-noto-core (Noto Sans Lao)",
    Script.MYANMAR: "fonts-noto-core (Noto Sans Myanmar)",
    Script.THAI: "fonts-noto-core (Noto Sans Thai)",
    Script.HAN: "fonts-droid-fallback (Droid Sans Fallback)",
}


# Fonts for characters outside the six scripts (Cyrillic, Greek, Arabic, Hebrew,
# symbols...) pasted into a name or a note: drawn with these rather than as boxes.
_FALLBACK_CANDIDATES: tuple[str, ...] = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "segoeui.ttf",
                                         "arial.ttf", "Arial Unicode.ttf")


def font_dirs() -> list[Path]:
    """Where fonts are looked for, in order: the app's own folder, then the system.

    SCREENING_APP_FONT_DIRS adds folders (os.pathsep-separated) after the app's own;
    SCREENING_APP_SYSTEM_FONTS=0 leaves out the system folders (a build that must
    print only with the fonts it ships, and tests of a machine without a font)."""
    dirs = [FONTS_DIR]
    extra = os.environ.get("SCREENING_APP_FONT_DIRS")
    if extra:
        dirs += [Path(p) for p in extra.split(os.pathsep) if p]
    if os.environ.get("SCREENING_APP_SYSTEM_FONTS", "1") == "0":
        return dirs
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts",
                 Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs += [Path.home() / ".local/share/fonts", Path.home() / ".fonts",
                 Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return dirs


@cache
def _index() -> dict[str, Path]:
    """File name -> first path found, over all font folders (searched once)."""
    found: dict[str, Path] = {}
    for d in font_dirs():
        if not d.is_dir():
            continue
        for path in sorted(d.rglob("*")):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf") and path.name not in found:
                found[path.name] = path
    return found


def find_font(script: Script, bold: bool = False) -> FontFile | None:
    """The font file for `script` (bold falls back to regular), or None."""
    regular, bolds = _CANDIDATES[script]
    index = _index()
    for name in (bolds if bold else ()) + regular:
        path = index.get(name)
        if path is not None:
            return FontFile(script, path, bold and name in bolds)
    return None


def fallback_fonts() -> list[Path]:
    """Fonts for characters no script font covers, best first (may be empty)."""
    index = _index()
    return [index[name] for name in _FALLBACK_CANDIDATES if name in index]


def missing_scripts() -> list[Script]:
    return [s for s in Script if find_font(s) is None]


def rescan() -> None:
    """Forget what was found (after installing fonts, or in tests)."""
    _index.cache_clear()


def missing_fonts_message(scripts: list[Script]) -> str:
    """The banner shown once when some scripts have no font: which, and what to install."""
    from screening_app.i18n import _

    names = ", ".join(_script_label(s) for s in scripts)
    hints = "; ".join(dict.fromkeys(INSTALL_HINT[s] for s in scripts))
    return _("Some writing systems cannot be shown on this computer: {scripts}. "
             "Text in them will look like empty boxes. Install these fonts: {fonts}.").format(
        scripts=names, fonts=hints)


def _script_label(script: Script) -> str:
    """The script's name in the current language, from CLDR (Chinese: the language name)."""
    from screening_app.i18n.format import babel_locale, language_name

    if script is Script.HAN:
        return language_name("zh_Hans")
    code = {Script.LATIN: "Latn", Script.KHMER: "Khmr", Script.LAO: "Laoo",
            Script.MYANMAR: "Mymr", Script.THAI: "Thai"}[script]
    return str(babel_locale().scripts.get(code, script.value))
