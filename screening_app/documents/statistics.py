"""The statistics report (PDF): a first page a minister can read, charts and tables
of every count, and a methods page; in one of the seven languages, numbers in the
language's digits and months in its calendar (Thai: Buddhist Era).

Only what suppression left shown is drawn as a number; a suppressed count is its
mark ("<k", "x"), never a bar to scale. Text goes through documents.text (every
script shaped and broken at word boundaries).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table

from screening_app.documents import blocks, fonts
from screening_app.documents.blocks import gap
from screening_app.documents.charts import Bar, BarChart
from screening_app.documents.labels import GREY, document_languages
from screening_app.documents.page import MARGIN, Furniture, build
from screening_app.documents.page import page_size as paper
from screening_app.documents.text import TextBlock, TextStyle, draw_text
from screening_app.i18n import N_, translate
from screening_app.i18n.fonts import LANGUAGE_SCRIPT, scripts_in
from screening_app.i18n.format import format_date
from screening_app.statistics import labels
from screening_app.statistics.report import Cell, StatisticsReport
from screening_app.statistics.tables import Table as StatsTable
from screening_app.statistics.variables import TOTAL, YES, Var

TITLE = N_("Screening and referral statistics")
PERIOD = N_("Period: {start} to {end}")
ALL_CASES = N_("all cases recorded")
FILTERS = N_("Only: {filters}")
KEY_TOTAL = N_("People screened")
INTRO = N_(
    "This report counts the people that officers of this installation met and screened "
    "for signs of human trafficking, and the referrals made for them. Screening is not "
    "formal identification: a presumed victim has still to be identified by the competent "
    "authority.")
MARKS = N_(
    "No count smaller than {k} is shown: it is written “{below}”. A count marked “x” is "
    "hidden so that no small count can be worked out from the other numbers by adding "
    "or subtracting.")
DIMENSIONS = N_("Indicator dimensions found")
DIMENSIONS_NOTE = N_("Cases whose latest screening found each dimension of the ILO "
                     "indicators (a case can show several).")
DETAILED = N_("Detailed tables")
METHODS = N_("Methods")
METHOD_ROWS = {
    "period": N_("Period"), "filters": N_("Cases counted"), "k": N_("Smallest count shown (k)"),
    "below": N_("Counts smaller than k"), "hidden": N_("Counts hidden to protect them"),
    "forms": N_("Form versions"), "rules": N_("Rule sets"), "generated": N_("Produced on"),
    "program": N_("Program"),
}
METHOD_TEXT = [
    N_("A case is one person met and screened with this program; cases received from "
       "other agencies are counted too, so the same person may also be counted by the "
       "agency that referred them. The month is the month the case was opened (UTC)."),
    N_("Age is the age at the interview, from the date of birth or, without one, from the "
       "age the person gave. The outcome is the officer's decision, else the suggested "
       "outcome; an interview not finished has none."),
    N_("Suppression: every count under k is shown as “<k”. Then more counts are hidden "
       "(“x”) until no relation between the numbers shown, in all tables together, can "
       "give a hidden count away: neither subtraction within a table or across tables, "
       "nor a linear programme over every relation. k = 11 is the threshold of the "
       "Counter-Trafficking Data Collaborative."),
    N_("Publishing several reports for overlapping periods or filters can let a reader "
       "subtract one from another: publish reports for the same, non-overlapping periods. "
       "Every export is recorded in the audit log."),
]
NONE = N_("none")


class _ReportFurniture(Furniture):
    """The title and the period at the top of every page, page numbers at the bottom."""

    def __init__(self, lang: str, heading: str) -> None:
        super().__init__([lang], heading)

    def draw(self, canv: Any, page: int, pages: int) -> None:
        width, height = canv._pagesize
        inner = width - 2 * MARGIN
        lang = self.langs[0]
        canv.saveState()
        draw_text(canv, self.reference, TextStyle(size=8, color=GREY, lang=lang), MARGIN,
                  height - MARGIN + 4, inner, fit=True)
        numbers = translate(N_("Page {page} of {pages}"), lang).format(
            page=labels.number(page, lang), pages=labels.number(pages, lang))
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.4)
        canv.line(MARGIN, MARGIN - 3, width - MARGIN, MARGIN - 3)
        draw_text(canv, numbers, TextStyle(size=7.5, color=GREY, align="center", lang=lang),
                  MARGIN, MARGIN - 5, inner, fit=True)
        canv.restoreState()


def render_statistics(report: StatisticsReport, lang: str, *, page_size: str = "A4",
                      native_digits: bool | None = None) -> bytes:
    """The report as PDF bytes in `lang`; native_digits None: the language's custom."""
    lang = document_languages([lang])[0]
    size = paper(page_size)
    doc = _Document(report, lang, size[0] - 2 * MARGIN,
                    labels.uses_native_digits(lang) if native_digits is None else native_digits)
    story = doc.story()
    fonts.require({LANGUAGE_SCRIPT[lang]} | scripts_in(" ".join(doc.texts)))
    heading = f"{doc.t(TITLE)} · {doc.period()}"
    return build(story, size=size, furniture=_ReportFurniture(lang, heading),
                 title=doc.t(TITLE))


class _Document:
    def __init__(self, report: StatisticsReport, lang: str, width: float, native: bool) -> None:
        self.r = report
        self.lang = lang
        self.width = width
        self.native = native
        self.texts: list[str] = []

    # --- words -------------------------------------------------------------------
    def t(self, msg: str) -> str:
        text = translate(msg, self.lang)
        self.texts.append(text)
        return text

    def n(self, value: int) -> str:
        return labels.number(value, self.lang, self.native)

    def mark(self, cell: Cell) -> str:
        return cell.text(self.r.k, self.lang, self.native)

    def category(self, var: str, code: str) -> str:
        text = labels.category(var, code, self.lang, self.native)
        self.texts.append(text)
        return text

    def period(self, labelled: bool = True) -> str:
        req = self.r.request
        months = self.r.tables.categories[Var.MONTH]
        if req.date_from is None and req.date_to is None and not months:
            return self.t(ALL_CASES)
        start = format_date(req.date_from, self.lang, self.native) if req.date_from else \
            self.category(Var.MONTH, months[0])
        end = format_date(req.date_to, self.lang, self.native) if req.date_to else \
            self.category(Var.MONTH, months[-1])
        return self.t(PERIOD).format(start=start, end=end) if labelled else f"{start} – {end}"

    def filters(self) -> str:
        req = self.r.request
        parts = []
        if req.nationality:
            parts.append(self.category(Var.NATIONALITY, req.nationality))
        if req.exploitation:
            parts.append(self.t(labels.CATEGORIES[Var.EXPLOITATION][req.exploitation]))
        if req.agency:
            parts.append(self.t(labels.CATEGORIES[Var.RECEIVED]["no"]) if req.agency == "own"
                         else req.agency)
        return self.t(FILTERS).format(filters=", ".join(parts)) if parts else ""

    def block(self, text: str, size: float = 9.0, bold: bool = False,
              color: Color | None = None, align: str = "left") -> TextBlock:
        self.texts.append(text)
        return TextBlock([(text, TextStyle(size=size, bold=bold, lang=self.lang,
                                           color=color or Color(0, 0, 0), align=align))])

    def heading(self, msg: str) -> Table:
        self.texts.append(translate(msg, self.lang))
        return blocks.heading(msg, [self.lang], self.width)

    # --- the story ---------------------------------------------------------------
    def story(self) -> list[Flowable]:
        story = self.first_page()
        story.append(PageBreak())
        for var in (Var.AGE, Var.GENDER, Var.NATIONALITY, Var.EXPLOITATION, Var.REFERRAL,
                    Var.RECEIVED):
            story.append(self.chart_section(var))
        story.append(self.dimensions())
        story += [gap(6), self.heading(DETAILED), gap(4)]
        for table_id in ("age_by_gender", "nationality_by_gender", "exploitation_by_gender",
                         "outcome_by_age", "month_by_outcome"):
            story += [self.pair_table(self.r.table(table_id)), gap(8)]
        story += [PageBreak(), *self.methods()]
        return story

    def first_page(self) -> list[Flowable]:
        out: list[Flowable] = [self.block(self.t(TITLE), 17, bold=True), gap(2),
                               self.block(self.period(), 11, color=GREY)]
        if self.filters():
            out.append(self.block(self.filters(), 10, color=GREY))
        out += [gap(10), self.key_figures(), gap(10), self.block(self.t(INTRO), 9.5), gap(4),
                self.block(self.t(MARKS).format(k=self.n(self.r.k), below=labels.below_k(
                    self.r.k, self.lang, self.native)), 9, color=GREY), gap(10)]
        out.append(self.chart_section(Var.OUTCOME))
        out.append(self.chart_section(Var.MONTH))
        return out

    def key_figures(self) -> Table:
        figures = [(KEY_TOTAL, self.r.total())]
        for code in ("presumed_victim", "indicators_present"):
            figures.append((labels.CATEGORIES[Var.OUTCOME][code], self.r.at(Var.OUTCOME, code)))
        figures.append((labels.CATEGORIES[Var.RECEIVED][YES], self.r.at(Var.RECEIVED, YES)))
        col = self.width / len(figures)
        cells = [[self.block(self.mark(cell), 22, bold=True, align="center"),
                  self.block(self.t(msg), 8.5, color=GREY, align="center")]
                 for msg, cell in figures]
        return blocks.table([cells], [col] * len(figures), [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, blocks.RULE),
            ("INNERGRID", (0, 0), (-1, -1), 0.3, blocks.RULE),
            ("BACKGROUND", (0, 0), (-1, -1), blocks.LIGHT),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])

    def bars(self, table: StatsTable) -> list[Bar]:
        out = []
        for code in table.row_codes:
            cell = self.r.at(table.id, code)
            out.append(Bar(self.category(table.rows, code), cell.value, self.mark(cell)))
        return out

    def chart_section(self, var: str) -> KeepTogether:
        table = self.r.table(var)
        title = labels.title(var, self.lang)
        self.texts.append(title)
        total = self.r.at(var, TOTAL)
        head = self.block(f"{title} ({translate(labels.TOTAL_LABEL, self.lang)}: "
                          f"{self.mark(total)})", 10.5, bold=True)
        return KeepTogether([head, gap(3), BarChart(self.bars(table), self.lang), gap(10)])

    def dimensions(self) -> KeepTogether:
        bars = []
        for table in self.r.dimension_tables():
            cell = self.r.cell(table.grid[(YES, None)])
            name = labels.title(table.id, self.lang)
            self.texts.append(name)
            bars.append(Bar(name, cell.value, self.mark(cell)))
        return KeepTogether([self.block(self.t(DIMENSIONS), 10.5, bold=True),
                             self.block(self.t(DIMENSIONS_NOTE), 8, color=GREY), gap(3),
                             BarChart(bars, self.lang), gap(10)])

    def pair_table(self, table: StatsTable) -> Table:
        assert table.columns is not None
        title = labels.title(table.id, self.lang)
        self.texts.append(title)
        columns = [*table.column_codes, TOTAL]
        first = self.width * 0.3
        other = (self.width - first) / len(columns)
        head = [self.block(labels.variable_name(table.rows, self.lang), 7.5, bold=True)] + [
            self.block(self.category(table.columns, c), 7.5, bold=True, align="right")
            for c in columns]
        rows: list[list[Any]] = [head]
        for r in (*table.row_codes, TOTAL):
            rows.append([self.block(self.category(table.rows, r), 7.5, bold=r == TOTAL)] + [
                self.block(self.mark(self.r.at(table.id, r, c)), 7.5, align="right",
                           bold=r == TOTAL or c == TOTAL) for c in columns])
        return blocks.section(title, [self.lang], [tuple(row) for row in rows],
                              [first] + [other] * len(columns), header_rows=1)

    def methods(self) -> list[Flowable]:
        r = self.r
        rows = [
            ("period", self.period(labelled=False)),
            ("filters", self.filters() or self.t(ALL_CASES)),
            ("k", self.n(r.k)),
            ("below", self.n(r.protection.below_k)),
            ("hidden", self.n(r.protection.hidden)),
            ("forms", ", ".join(r.forms) or self.t(NONE)),
            ("rules", ", ".join(r.rule_sets) or self.t(NONE)),
            ("generated", format_date(r.generated, self.lang, self.native)),
            ("program", f"screening-app {r.program_version}".strip()),
        ]
        label_width = 150.0
        table = blocks.section(METHODS, [self.lang], [
            (self.block(self.t(METHOD_ROWS[key]), 8.5, bold=True), self.block(value, 8.5))
            for key, value in rows], [label_width, self.width - label_width])
        self.texts.append(translate(METHODS, self.lang))
        out: list[Flowable] = [table, gap(8)]
        for msg in METHOD_TEXT:
            out += [self.block(self.t(msg), 8.5), gap(4)]
        return out


def drawn_texts(report: StatisticsReport, lang: str) -> list[str]:
    """Every text the report draws in `lang` (tests check each has its glyphs)."""
    doc = _Document(report, document_languages([lang])[0], 500.0,
                    labels.uses_native_digits(lang))
    doc.story()
    return doc.texts
