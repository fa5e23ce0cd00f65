"""The installed vocabulary of the validation layer (`domain.validation.Vocabulary`):
the program's languages, the languages and countries CLDR can name, and the forms
installed here. The domain cannot know these; every layer that validates takes
them from `installed()`. Each list is built at its first use (Babel and the form
files load lazily) and kept, except the forms, which follow SCREENING_APP_FORMS_PATH."""

from __future__ import annotations

import os
from functools import lru_cache


class InstalledVocabulary:
    def program_languages(self) -> tuple[str, ...]:
        from screening_app.i18n import LANGUAGES

        return LANGUAGES

    def is_language(self, code: str) -> bool:
        from screening_app.screening.places import language_codes

        return code in language_codes()

    def is_country(self, code: str) -> bool:
        from screening_app.screening.places import country_codes

        return code in country_codes()

    def forms(self) -> tuple[tuple[str, str], ...]:
        from screening_app.screening.files import FORMS_PATH_ENV

        return _installed_forms(os.environ.get(FORMS_PATH_ENV, ""))


@lru_cache(maxsize=8)
def _installed_forms(_search_path: str) -> tuple[tuple[str, str], ...]:
    from screening_app.screening.forms import list_forms

    return tuple((form.id, form.version) for form in list_forms())


_INSTALLED = InstalledVocabulary()


def installed() -> InstalledVocabulary:
    return _INSTALLED
