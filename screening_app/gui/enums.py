"""Qt's enums for the first window, without building them.

PySide6 makes the Python enums of a Qt class the first time that class is reached,
all of them at once: touching `Qt` (the namespace of alignments, keys, focus
reasons, ...) builds 93 enum classes, about 14 ms before the unlock window can
show, which is most of what separates our first window from a bare one. The
modules of that window (main_window, unlock, common, labels, locking, mnemonics)
therefore never import `Qt` at the top: what runs while the window is built sets
enum properties by their names through Qt's meta-object (`set_enum_property`),
and what runs later (a key press, a click) reaches `QtCore.Qt` then.
tests/gui/test_startup_budget.py holds them to it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

# Qt::TextExpandTabs, a QFontMetrics flag (an int in Qt's own signature); its value
# has been the same since Qt 4 (tests/gui/test_startup_budget.py compares it).
TEXT_EXPAND_TABS = 0x0400


def set_enum_property(target: QObject, name: str, keys: str) -> None:
    """Set the Qt property `name` (an enum or flags) to `keys`, written as in C++
    without the scope: "AlignCenter", "AlignLeft|AlignTop", "NoContextMenu".

    Qt's meta-object turns the names into the value, so no Python enum is built.
    A misspelt property or key raises ValueError instead of doing nothing."""
    if not target.setProperty(name, keys):
        raise ValueError(f"Qt did not take {keys!r} for the property {name!r}")


__all__ = ["TEXT_EXPAND_TABS", "set_enum_property"]
