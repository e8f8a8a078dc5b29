"""The commune's own Word template, rendered with docxtpl (docs/template.md).

A template is a .docx with Jinja placeholders: ``{{ bieu06a.total }}``, ``{{ period.name }}``,
``{%p for s in sentences.resolution %}{{ s }}{%p endfor %}``, a table row loop over
``fields``. :func:`template_context` gives every variable; numbers are written in Vietnamese
style (1.234; a count under ten as "05", as the report writes it), a rate as "98,5%", and an
unknown figure stays ``None`` (so ``{% if bieu06a.total is not none %}`` leaves a clause out)
and is written "không có số liệu". A placeholder the context does not have, or a Jinja syntax
error, stops with a message naming the placeholder and the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import vnformat as fmt
from ..core.atomic import atomic_path
from ..core.errors import InputError
from ..core.labels import BIEU06A_KEYS, NOT_AVAILABLE, RATE_NAMES, padded_day
from ..indicators.results import Indicators, Rate
from ..inputs.dataroot import Commune
from .blocks import Block, date_line, recipient_lines
from .narrative import (
    assessment_from_figures,
    closing,
    data_period_note,
    opening,
    report_blocks,
    section_digitisation,
    section_feedback,
    section_online_services,
    section_publicity,
    subject,
    tasks_heading,
)
from .resolution import section_resolution

SUMS = ("new", "in_time", "overdue")


@dataclass(frozen=True)
class Percent:
    """A rate in a template: written "98,5%"; ``value`` (98.5), ``numerator`` and ``denominator`` for tests in Jinja."""

    text: str
    value: float
    numerator: int | None
    denominator: int | None

    def __str__(self) -> str:
        return self.text


def written(value: Any) -> Any:
    """How a placeholder's value is written (Jinja's ``finalize``): counts and rates in
    Vietnamese style, an unknown figure as "không có số liệu"."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return fmt.count(value)
    return value


def _percent(rate: Rate | None) -> Percent | None:
    if rate is None or rate.status != "ok":
        return None
    decimals = fmt.RATE_DECIMALS if rate.stated_decimals is None else rate.stated_decimals
    shown = fmt.rounded_percent(rate.exact, decimals)  # the one rounding every shown rate gets
    return Percent(fmt.rate(rate), float(shown), rate.numerator, rate.denominator)


def _figures(counts) -> dict[str, int | None]:
    figures = {key: getattr(counts, key) for key in BIEU06A_KEYS}
    return {**figures, "new": counts.new, "in_time": counts.resolved_in_time, "overdue": counts.overdue}


RESULTS = ("publicity", "resolution", "online_services", "digitisation", "feedback")  # Section I's sub-sections


def _paragraphs(name: str, blocks: list[Block]) -> list[str]:
    """A section's paragraphs as the report prints them, without the heading a sub-section of I starts with."""
    return [b.display for b in (blocks[1:] if name in RESULTS else blocks)]


def _sections(ind: Indicators, commune: Commune) -> dict[str, list[Block]]:
    narrative = commune.profile.narrative
    from .blocks import profile_blocks

    return {
        "publicity": section_publicity(ind, commune),
        "resolution": section_resolution(ind, commune),
        "online_services": section_online_services(ind, commune),
        "digitisation": section_digitisation(ind),
        "feedback": section_feedback(ind, commune),
        "assessment": profile_blocks(narrative["assessment"])
        if narrative["assessment"]
        else assessment_from_figures(ind),
        "tasks": profile_blocks(narrative["tasks"]),
        "recommendations": profile_blocks(narrative["recommendations"]),
    }


def template_context(ind: Indicators, commune: Commune) -> dict[str, Any]:
    """Every variable a template can use (docs/template.md)."""
    period, profile = ind.period, commune.profile
    sections = _sections(ind, commune)
    # Section I's sub-sections that have content, numbered as the report numbers them.
    results = [
        {"heading": f"{n}. {sections[name][0].text}", "paragraphs": _paragraphs(name, sections[name])}
        for n, name in enumerate((name for name in RESULTS if sections[name]), start=1)
    ]
    return {
        "commune": {
            "id": commune.id,
            "name": commune.name,
            "kind": commune.kind,
            "full_name": commune.full_name,
            "city": commune.city,
        },
        "period": {
            "id": period.id,
            "name": period.name,
            "short_name": period.short_name,
            "from": padded_day(period.start),
            "to": padded_day(period.end),
            "note": data_period_note(period),
        },
        "source": ind.source,
        "subject": subject(period),
        "bieu06a": _figures(ind.counts),
        "rates": {name: _percent(ind.rates.get(name)) for name in RATE_NAMES},
        "fields": [{"name": row.field_name, **_figures(row.counts)} for row in ind.bieu06a.rows],
        "sentences": {
            "opening": opening(commune, period),
            **{name: _paragraphs(name, blocks) for name, blocks in sections.items()},
            "closing": closing(commune, period),
        },
        "results": results,
        # The whole body as the default report prints it, paragraph by paragraph (templates/mau-bao-cao.docx).
        "body": [
            {"text": b.display, "bold": b.kind in ("heading", "subheading"), "footnote": b.footnote}
            for b in report_blocks(ind, commune)
        ],
        "headings": {"tasks": tasks_heading(period)},
        "findings": [{"code": f.code, "message": f.message, "where": f.location()} for f in ind.findings],
        "profile": {
            "issuing_body": list(profile.issuing_body),
            "place": profile.place,
            "symbol": profile.symbol,
            "date_line": date_line(profile.place, period),
            "signer": {"authority": list(profile.signer.authority), "name": profile.signer.name},
            "recipients": recipient_lines(profile.recipients, profile.archive),
        },
    }


def render_template(template: str | Path, ind: Indicators, commune: Commune, target: str | Path) -> Path:
    """Render ``template`` for ``ind`` into ``target`` (atomically); a bad template is an InputError."""
    import jinja2
    from docxtpl import DocxTemplate

    template, target = Path(template), Path(target)
    if not template.is_file():
        raise InputError("không tìm thấy mẫu báo cáo (.docx)", file=template)
    # Escaped into the XML: a name with "&" or "<" is written as it is, not dropped or read as markup.
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, finalize=written, autoescape=True)
    try:
        document = DocxTemplate(str(template))
        document.render(template_context(ind, commune), environment)
    except jinja2.UndefinedError as exc:
        raise InputError(
            f"mẫu báo cáo dùng biến không có: {_undefined(exc)} (xem docs/template.md)", file=template
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        lines = (str(line).strip() for line in (getattr(exc, "docx_context", None) or []))
        where = " ".join(line for line in lines if line)[:200]
        raise InputError(
            f"mẫu báo cáo có lỗi cú pháp Jinja: {exc.message} (ở chỗ: {where or '?'})", file=template
        ) from None
    except Exception as exc:  # a file that is no Word document
        if isinstance(exc, InputError):
            raise
        raise InputError(f"không đọc được mẫu báo cáo như một tệp Word (.docx): {exc}", file=template) from None
    with atomic_path(target) as temp:
        document.save(str(temp))
    return target


def _undefined(exc: Exception) -> str:
    """The placeholder Jinja did not find: "'bieu06a' has no attribute 'tong'" -> "bieu06a.tong"."""
    text = str(exc)
    import re

    attribute = re.match(r"'(?:dict object|[\w.]+)' has no attribute '([^']+)'", text)
    if attribute:
        return f"'{attribute.group(1)}' ({text})"
    name = re.match(r"'([^']+)' is undefined", text)
    return f"'{name.group(1)}'" if name else text
