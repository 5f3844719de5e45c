"""The before/after report: every test and questionnaire of two sittings side by side.

The comparison itself (the change and whether it is real) is assessments.services.compare,
which applies the change rules of planning.scoring; this module only words it for reading
and decides the celebration: there is one only when at least one change is a real
improvement, never for a change within measurement error, one we cannot judge, or a worsening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from spinewise.assessments.models import Assessment
from spinewise.assessments.services import Comparison, QuestionRow, TestRow
from spinewise.planning.scoring import Change, ImbalanceFlag, Verdict, display_value, format_value, unit_words
from spinewise.progress.charts import Chart, Table, bar_chart, local_number

# How the report names the sittings, in the active language when read.
KIND_TITLES = {
    Assessment.Kind.BASELINE: pgettext_lazy("sitting", "Baseline"),
    Assessment.Kind.MIDDLE: pgettext_lazy("sitting", "Middle of a program"),
    Assessment.Kind.END: pgettext_lazy("sitting", "End of a program"),
    Assessment.Kind.CHECK: pgettext_lazy("sitting", "Check-in"),
}
KIND_NAMES = {
    Assessment.Kind.BASELINE: pgettext_lazy("sitting", "baseline"),
    Assessment.Kind.MIDDLE: pgettext_lazy("sitting", "middle of the program"),
    Assessment.Kind.END: pgettext_lazy("sitting", "end of the program"),
    Assessment.Kind.CHECK: pgettext_lazy("sitting", "check-in"),
}
VERDICT_WORDS = {
    Verdict.IMPROVED: gettext_lazy("Real improvement"),
    Verdict.WORSENED: gettext_lazy("Real worsening"),
    Verdict.WITHIN_ERROR: gettext_lazy("Within measurement error"),
    Verdict.UNKNOWN: gettext_lazy("Cannot tell"),
}


def kind_title(sitting: Assessment) -> str:
    """A sitting's kind as a heading names it, in the active language: "Middle of a program"."""
    return str(KIND_TITLES[Assessment.Kind(sitting.kind)])


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    before: str
    after: str
    change: str  # signed difference for reading, "" when one of the two is missing
    verdict: str  # a Verdict value, "" when there is nothing to judge
    explain: str
    still: str = ""  # a test's still figure (SVG, no CSS), shown beside its name

    @property
    def verdict_words(self) -> str:
        return str(VERDICT_WORDS[Verdict(self.verdict)]) if self.verdict else _("Not measured both times")


@dataclass(frozen=True)
class BeforeAfter:
    before: Assessment
    after: Assessment
    tests: list[Row]
    questions: list[Row]
    activities: list[Row]
    psfs: Row | None
    flags_before: list[ImbalanceFlag]
    flags_after: list[ImbalanceFlag]
    charts: list[Chart]

    @property
    def activity_rows(self) -> list[Row]:
        """Each activity, then their average (the Patient-Specific Functional Scale score)."""
        return [*self.activities, *([self.psfs] if self.psfs else [])]

    @property
    def rows(self) -> list[Row]:
        return [*self.tests, *self.questions, *self.activity_rows]

    @property
    def improved(self) -> list[Row]:
        return [r for r in self.rows if r.verdict == Verdict.IMPROVED]

    @property
    def worsened(self) -> list[Row]:
        return [r for r in self.rows if r.verdict == Verdict.WORSENED]

    @property
    def worsened_names(self) -> str:
        return ", ".join(r.label for r in self.worsened)

    @property
    def celebrate(self) -> bool:
        """Only a real improvement earns a celebration."""
        return bool(self.improved)

    @property
    def title(self) -> str:
        after, before = Assessment.Kind(self.after.kind), Assessment.Kind(self.before.kind)
        return _("%(after)s against %(before)s") % {
            "after": str(KIND_NAMES[after]).capitalize(),
            "before": KIND_NAMES[before],
        }

    @property
    def labels(self) -> tuple[str, str]:
        """Column headings for the two sittings: "Baseline" and "Middle", say."""
        before, after = labels_for(self.before, self.after)
        return before.capitalize(), after.capitalize()


def _signed(number: float, text: str) -> str:
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"\N{MINUS SIGN}{text}"  # reads better than a hyphen
    return _("no change")


def _verdict(change: Change | None) -> str:
    return change.verdict.value if change is not None else ""


def row_for_test(row: TestRow, units: str) -> Row:
    test = row.test
    label = test.name if not row.side else f"{test.name}, {row.side}"
    shown = "—"
    change = ""
    if row.change is not None:
        amount = display_value(abs(row.change.difference), test.unit, units)
        change = _signed(row.change.difference, f"{local_number(amount[0])} {unit_words(amount[1])}")
    return Row(
        key=f"test-{test.slug}{'-' + row.side if row.side else ''}",
        label=label,
        before=format_value(row.before, test.unit, units) if row.before is not None else shown,
        after=format_value(row.after, test.unit, units) if row.after is not None else shown,
        change=change,
        verdict=_verdict(row.change),
        explain=row.change.explain if row.change is not None else "",
        # Once per test: a second side's row would repeat the drawing (and its ids).
        still=test.still() if row.side != "right" else "",
    )


def question_row(row: QuestionRow, suffix: str = "") -> Row:
    change = ""
    if row.change is not None:
        change = _signed(row.change.difference, local_number(abs(row.change.difference)))
    return Row(
        key=row.key,
        label=f"{row.label}{suffix}",
        before="—" if row.before is None else local_number(row.before),
        after="—" if row.after is None else local_number(row.after),
        change=change,
        verdict=_verdict(row.change),
        explain=row.change.explain if row.change is not None else "",
    )


def psfs_row(change: Change) -> Row:
    return Row(
        key="psfs",
        label=_("Activities score (the average)"),
        before=local_number(change.before, ".1f"),
        after=local_number(change.after, ".1f"),
        change=_signed(change.difference, local_number(abs(change.difference), ".1f")),
        verdict=change.verdict.value,
        explain=change.explain,
    )


def rows_of(comparison: Comparison, units: str) -> tuple[list[Row], list[Row], list[Row], Row | None]:
    return (
        [row_for_test(r, units) for r in comparison.tests],
        [question_row(q) for q in comparison.questions],
        [question_row(a) for a in comparison.activities],
        psfs_row(comparison.psfs) if comparison.psfs is not None else None,
    )


def questions_chart(comparison: Comparison, before_label: str, after_label: str) -> Chart | None:
    """Pain, stiffness and the activities score, before and after, as bars."""
    labels: list[str] = []
    old: list[float | None] = []
    new: list[float | None] = []
    short = {"pain_now": _("Pain"), "pain_worst_week": _("Worst"), "stiffness": _("Stiffness")}
    for q in comparison.questions:
        if q.before is None and q.after is None:
            continue
        labels.append(short.get(q.key, q.label))
        old.append(q.before)
        new.append(q.after)
    if comparison.psfs is not None:
        labels.append(_("Activities"))
        old.append(round(comparison.psfs.before, 1))
        new.append(round(comparison.psfs.after, 1))
    if not labels:
        return None
    rows = [
        (label, "—" if b is None else local_number(b), "—" if a is None else local_number(a))
        for label, b, a in zip(labels, old, new, strict=True)
    ]
    said = "; ".join(
        _("%(label)s %(before)s then %(after)s") % {"label": label.lower(), "before": b, "after": a}
        for label, b, a in rows
    )
    summary = _(
        "Your answers from 0 to 10, %(before)s and %(after)s (pain now, worst pain in the last week,"
        " stiffness, and the activities score): %(said)s. For pain and stiffness lower is better; for"
        " activities higher is better."
    ) % {"before": before_label, "after": after_label, "said": said}
    return bar_chart(
        "questions",
        _("How your back is, before and after"),
        labels,
        [(before_label.capitalize(), old), (after_label.capitalize(), new)],
        y_title=_("0 to 10"),
        summary=summary,
        table=Table(
            _("Your answers, before and after"),
            (_("Question"), before_label.capitalize(), after_label.capitalize()),
            rows,
        ),
        y_range=(0, 10),
    )


def labels_for(before: Assessment, after: Assessment) -> tuple[str, str]:
    """Short names for the two sittings in legends: "baseline" and "middle", say."""
    names = {
        Assessment.Kind.BASELINE: pgettext_lazy("sitting", "baseline"),
        Assessment.Kind.MIDDLE: pgettext_lazy("sitting", "middle"),
        Assessment.Kind.END: pgettext_lazy("sitting", "end"),
        Assessment.Kind.CHECK: pgettext_lazy("sitting", "check-in"),
    }
    first, second = names[Assessment.Kind(before.kind)], names[Assessment.Kind(after.kind)]
    if before.kind == after.kind:
        return pgettext("sitting", "before"), pgettext("sitting", "after")
    return str(first), str(second)


def celebration_words(improved: Sequence[Row]) -> str:
    names = [r.label for r in improved]
    if len(names) == 1:
        listed = names[0]
    else:
        listed = _("%(listed)s and %(last)s") % {"listed": ", ".join(names[:-1]), "last": names[-1]}
    return _("Real progress: %(listed)s improved by more than the measuring can wobble.") % {"listed": listed}
