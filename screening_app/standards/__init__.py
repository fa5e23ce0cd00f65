"""Data standards the program speaks: IOM's Human Trafficking Case Data Standard
(HTCDS) 2.0 (`htcds`), the words shown for its values (`labels`) and the column
layout of IOM's HTCDS toolkit workbook (`toolkit`).

Floor: beside `domain`. It imports `domain`, `i18n` and `paths` only; `screening`,
`exchange`, `documents`, `commands` and `gui` may import it.
"""
