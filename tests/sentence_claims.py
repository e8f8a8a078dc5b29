"""The claims a report's Section I makes, read back from its text: (figure, value) and (rate, of,
percent). Shared by the property tests that check every claim against the month (test_partial_figures,
test_truth_property); not a test module."""

from __future__ import annotations

import re

_N = r"(\d[\d.]*)"
_P = r"(\d[\d,]*)%"


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _percent(text: str) -> float:
    return float(text.replace(",", "."))


def _claims(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, str, float]], str]:
    """(figure, value) and (rate, of, percent) claims of Section I.2 and I.5, and the rest of the text."""
    counts: list[tuple[str, int]] = []
    rates: list[tuple[str, str, float]] = []

    def take(pattern, handle):
        nonlocal text
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            handle(match)
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)

    def inner(keys):
        def handle(match):
            counts.append((keys[0], _number(match.group(1))))
            for part in (match.group(2) or "").split("; "):
                for key, pattern in keys[1]:
                    found = re.fullmatch(pattern, part)
                    if found:
                        for k, value in zip(key, found.groups()):
                            counts.append((k, _number(value)))

        return handle

    resolved_parts = [
        (("resolved_early",), rf"trước hạn {_N} hồ sơ"),
        (("resolved_on_time",), rf"đúng hạn \(không tính trước hạn\) {_N} hồ sơ"),
        (
            ("in_time", "resolved_early", "resolved_on_time"),
            rf"đúng hạn {_N} hồ sơ, gồm trước hạn {_N} hồ sơ và đúng hạn {_N} hồ sơ",
        ),
        (("in_time",), rf"đúng hạn {_N} hồ sơ"),
        (("resolved_late",), rf"quá hạn {_N} hồ sơ"),
    ]
    take(rf"[đĐ]ã giải quyết {_N} hồ sơ(?: \(((?:[^()]|\([^()]*\))*)\))?", inner(("resolved", resolved_parts)))
    progress_parts = [
        (("in_progress_on_time",), rf"trong hạn {_N} hồ sơ"),
        (("in_progress_overdue",), rf"quá hạn {_N} hồ sơ"),
    ]

    def progress(match):
        counts.append(("in_progress", _number(match.group(1))))
        if match.group(2):
            rates.append(("in_progress", "total", _percent(match.group(2))))
        for part in (match.group(3) or "").split("; "):
            for (key,), pattern in progress_parts:
                found = re.fullmatch(pattern, part)
                if found:
                    counts.append((key, _number(found.group(1))))

    take(rf"[đĐ]ang giải quyết {_N} hồ sơ(?:, chiếm {_P} tổng số hồ sơ)?(?: \(([^)]*)\))?", progress)
    take(
        rf"giải quyết đúng hạn {_N} hồ sơ \(trước hạn {_N} hồ sơ, đúng hạn {_N} hồ sơ\)",
        lambda m: counts.extend(
            [
                ("in_time", _number(m.group(1))),
                ("resolved_early", _number(m.group(2))),
                ("resolved_on_time", _number(m.group(3))),
            ]
        ),
    )
    singles = [
        (rf"giải quyết trước hạn {_N} hồ sơ", "resolved_early"),
        (rf"giải quyết đúng hạn \(không tính trước hạn\) {_N} hồ sơ", "resolved_on_time"),
        (rf"đang giải quyết trong hạn {_N} hồ sơ", "in_progress_on_time"),
        (rf"đang giải quyết quá hạn {_N} hồ sơ", "in_progress_overdue"),
        (rf"giải quyết đúng hạn {_N} hồ sơ", "in_time"),
        (rf"giải quyết quá hạn {_N} hồ sơ", "resolved_late"),
        (rf"tổng số hồ sơ quá hạn là {_N} hồ sơ", "overdue"),
        (rf"Tổng số {_N} hồ sơ", "total"),
        (rf"[kK]ỳ trước chuyển sang {_N} hồ sơ", "carried_over"),
        (rf"[tT]iếp nhận mới {_N} hồ sơ", "new"),
        (rf"tiếp nhận {_N} phản ánh", "fb_received"),
        (rf"đã xử lý {_N} phản ánh, kiến nghị \(đúng hạn {_N}(?:, quá hạn {_N})?\)", "fb_resolved"),
        (rf"đã xử lý {_N} phản ánh", "fb_resolved"),
        (rf"đang xử lý {_N} phản ánh", "fb_pending"),
    ]
    for pattern, key in singles:

        def handle(match, key=key):
            counts.append((key, _number(match.group(1))))
            if key == "fb_resolved" and match.lastindex and match.lastindex >= 2:
                counts.append(("fb_resolved_on_time", _number(match.group(2))))

        take(pattern, handle)
    take(rf"Tiếp nhận trực tuyến {_N} hồ sơ", lambda m: counts.append(("online", _number(m.group(1)))))
    take(
        rf"trực tuyến {_N}/{_N} hồ sơ, đạt tỷ lệ {_P}",
        lambda m: (
            counts.extend([("online", _number(m.group(1))), ("new", _number(m.group(2)))]),
            rates.append(("online", "new", _percent(m.group(3)))),
        ),
    )
    zeros = {
        "không có hồ sơ kỳ trước chuyển sang": "carried_over",
        "không có hồ sơ tiếp nhận mới": "new",
        "Không có hồ sơ tiếp nhận mới": "new",
        "chưa có hồ sơ được giải quyết": "resolved",
        "không có hồ sơ giải quyết quá hạn": "resolved_late",
        "không có hồ sơ đang giải quyết quá hạn": "in_progress_overdue",
        "không còn hồ sơ đang giải quyết": "in_progress",
        "không có hồ sơ quá hạn": "overdue",
        "không tiếp nhận phản ánh": "fb_received",
        "không còn phản ánh": "fb_pending",
        "không có phản ánh kiến nghị": "fb_received",
    }
    for words, key in zeros.items():
        if words.lower() in text.lower():
            counts.append((key, 0))
            text = re.sub(re.escape(words), " ", text, flags=re.IGNORECASE)
    take(
        rf"Tỷ lệ giải quyết hồ sơ đúng hạn đạt {_P}",
        lambda m: rates.append(("in_time", "resolved", _percent(m.group(1)))),
    )
    take(rf"hồ sơ đang giải quyết chiếm {_P}", lambda m: rates.append(("in_progress", "total", _percent(m.group(1)))))
    take(rf"Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt {_P}", lambda m: rates.append(("online", "new", _percent(m.group(1)))))
    take(rf"Tỷ lệ hồ sơ trực tuyến phường đạt {_P}", lambda m: rates.append(("online", "new", _percent(m.group(1)))))
    return counts, rates, text
