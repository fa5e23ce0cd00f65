"""Qt's own user-visible strings, mapped to messages of our catalog.

Qt ships translations of its buttons, context menus and file dialogs for very
few languages (PySide6: zh_CN only). `screening_app.i18n.qt.CatalogTranslator`
answers Qt's `tr()` calls from our gettext catalogs through this table, so
"OK", "Cancel" or "Paste" appear in Khmer, Lao, Burmese, Thai and Vietnamese.

Keys are Qt's source texts exactly as qtbase writes them (mnemonic `&`
included); Qt's contexts are listed for translators and reviewers. Values are
our message ids in context `Qt` (no mnemonics: underlined letters mean little in the six
scripts). Qt's `%1` becomes our `{name}` placeholder and back.
"""

from __future__ import annotations

# One message context for all of Qt's strings, so that "Name" in a file dialog
# (a file's name) is translated apart from "Name" in our forms (a person's name).
QT_CONTEXT = "Qt"


def NC_(context: str, message: str) -> str:
    """Mark a message with a context for extraction (keyword NC_:1c,2)."""
    return message


# Contexts where Qt asks for these texts (QPlatformTheme for dialog buttons).
QT_CONTEXTS: tuple[str, ...] = (
    "QPlatformTheme", "QDialogButtonBox", "QMessageBox", "QLineEdit", "QWidgetTextControl",
    "QTextControl", "QAbstractSpinBox", "QFileDialog", "QFileSystemModel", "QWizard",
    "QInputDialog", "QColorDialog", "QFontDialog", "QPrintDialog",
)

QT_STRINGS: dict[str, str] = {
    # Standard dialog buttons (QPlatformTheme::defaultStandardButtonText).
    "OK": NC_("Qt", "OK"),
    "&OK": NC_("Qt", "OK"),
    "Cancel": NC_("Qt", "Cancel"),
    "&Cancel": NC_("Qt", "Cancel"),
    "&Yes": NC_("Qt", "Yes"),
    "Yes": NC_("Qt", "Yes"),
    "&No": NC_("Qt", "No"),
    "No": NC_("Qt", "No"),
    "Yes to &All": NC_("Qt", "Yes to all"),
    "N&o to All": NC_("Qt", "No to all"),
    "Close": NC_("Qt", "Close"),
    "&Close": NC_("Qt", "Close"),
    "Save": NC_("Qt", "Save"),
    "&Save": NC_("Qt", "Save"),
    "Save All": NC_("Qt", "Save all"),
    "Open": NC_("Qt", "Open"),
    "&Open": NC_("Qt", "Open"),
    "Apply": NC_("Qt", "Apply"),
    "Discard": NC_("Qt", "Discard"),
    "Don't Save": NC_("Qt", "Don't save"),
    "Close without Saving": NC_("Qt", "Close without saving"),
    "Help": NC_("Qt", "Help"),
    "&Help": NC_("Qt", "Help"),
    "Reset": NC_("Qt", "Reset"),
    "Restore Defaults": NC_("Qt", "Restore defaults"),
    "Abort": NC_("Qt", "Abort"),
    "Retry": NC_("Qt", "Retry"),
    "Ignore": NC_("Qt", "Ignore"),
    "Show Details...": NC_("Qt", "Show details…"),
    "Hide Details...": NC_("Qt", "Hide details…"),
    "Show Details…": NC_("Qt", "Show details…"),
    "Hide Details…": NC_("Qt", "Hide details…"),
    # Context menus of text fields (QLineEdit, QWidgetTextControl, spin boxes).
    "&Undo": NC_("Qt", "Undo"),
    "&Redo": NC_("Qt", "Redo"),
    "Cu&t": NC_("Qt", "Cut"),
    "&Copy": NC_("Qt", "Copy"),
    "&Paste": NC_("Qt", "Paste"),
    "Delete": NC_("Qt", "Delete"),
    "&Delete": NC_("Qt", "Delete"),
    "Select All": NC_("Qt", "Select all"),
    "&Select All": NC_("Qt", "Select all"),
    "Copy &Link Location": NC_("Qt", "Copy link"),
    "&Step up": NC_("Qt", "Step up"),
    "Step &down": NC_("Qt", "Step down"),
    # File dialogs (QFileDialog, QFileSystemModel).
    "Look in:": NC_("Qt", "Look in:"),
    "&Look in:": NC_("Qt", "Look in:"),
    "Files of &type:": NC_("Qt", "Files of type:"),
    "File &name:": NC_("Qt", "File name:"),
    "Files of type:": NC_("Qt", "Files of type:"),
    "Directory:": NC_("Qt", "Folder:"),
    "&Choose": NC_("Qt", "Choose"),
    "All Files (*)": NC_("Qt", "All files (*)"),
    "Back": NC_("Qt", "Back"),
    "Forward": NC_("Qt", "Forward"),
    "Parent Directory": NC_("Qt", "Parent folder"),
    "Create New Folder": NC_("Qt", "Create new folder"),
    "List View": NC_("Qt", "List view"),
    "Detail View": NC_("Qt", "Detail view"),
    "New Folder": NC_("Qt", "New folder"),
    "&New Folder": NC_("Qt", "New folder"),
    "&Rename": NC_("Qt", "Rename"),
    "Show &hidden files": NC_("Qt", "Show hidden files"),
    "Recent Places": NC_("Qt", "Recent places"),
    "My Computer": NC_("Qt", "Computer"),
    "Computer": NC_("Qt", "Computer"),
    "Save As": NC_("Qt", "Save as"),
    "Find Directory": NC_("Qt", "Choose folder"),
    "Name": NC_("Qt", "Name"),
    "Size": NC_("Qt", "Size"),
    "Type": NC_("Qt", "Type"),
    "Kind": NC_("Qt", "Type"),
    "Date Modified": NC_("Qt", "Date modified"),
    "File Folder": NC_("Qt", "Folder"),
    "Folder": NC_("Qt", "Folder"),
    "Drive": NC_("Qt", "Drive"),
    "File": NC_("Qt", "File"),
    "Unknown": NC_("Qt", "Unknown"),
    "Are you sure you want to delete '%1'?": NC_("Qt", "Delete “{name}”?"),
    "%1 already exists.\nDo you want to replace it?":
        NC_("Qt", "{name} already exists.\nDo you want to replace it?"),
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        NC_("Qt", "{name}\nFile not found.\nPlease check the file name."),
    # Wizards (QWizard).
    "< &Back": NC_("Qt", "Back"),
    "&Next >": NC_("Qt", "Next"),
    "&Next": NC_("Qt", "Next"),
    "&Finish": NC_("Qt", "Finish"),
    "Go Back": NC_("Qt", "Back"),
    "Continue": NC_("Qt", "Continue"),
    "Done": NC_("Qt", "Done"),
}
