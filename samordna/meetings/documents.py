"""The notice, the minutes and a certified extract as HTML and PDF, and the hash that signers sign."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

from samordna.lib.pdf import html_to_pdf

from . import queries
from .models import AttendanceCategory, Meeting, Minutes, Paragraph

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _render(template: str, context: dict) -> str:
    # Documents are always Swedish, whatever language the reader uses, so that the hash is stable.
    with translation.override("sv"):
        return render_to_string(template, context)


def notice_html(meeting: Meeting) -> str:
    """The notice with its agenda, the attachments of each item, and the room for new projects next to each
    grant proposal, so that the board reads the proposal with what granting it leaves."""
    from samordna.finance.queries import economic_rooms

    items = list(meeting.agenda_items.select_related("application").prefetch_related("attachments"))
    rooms = economic_rooms(meeting.forbund, [i.application for i in items if i.application is not None], meeting.date)
    for item in items:
        item.economic_room = rooms.get(item.application_id) if item.application_id is not None else None
    return _render(
        "meetings/pdf/notice.html",
        {
            "meeting": meeting,
            "forbund": meeting.forbund,
            "items": items,
            "attachments": [(item, f) for item in items for f in item.attachments.all()],
            "draft": meeting.notice_sent_on is None,
        },
    )


def _attendance_groups(minutes: Minutes) -> list[tuple[StrOrPromise, list]]:
    rows = list(minutes.attendance.select_related("member").prefetch_related("paragraphs"))
    return [
        (category.label, [r for r in rows if r.category == category])
        for category in AttendanceCategory
        if any(r.category == category for r in rows)
    ]


def minutes_html(minutes: Minutes, *, with_signatures: bool = True) -> str:
    """The minutes as a document. Without signatures it is exactly what each signer signs."""
    meeting = minutes.meeting
    paragraphs = list(minutes.paragraphs.prefetch_related("decisions", "absences__attendance", "absences__substitute"))
    for paragraph in paragraphs:
        paragraph.report = queries.stated_report(paragraph)
    return _render(
        "meetings/pdf/minutes.html",
        {
            "minutes": minutes,
            "meeting": meeting,
            "forbund": meeting.forbund,
            "attendance": _attendance_groups(minutes),
            "paragraphs": paragraphs,
            "range": queries.paragraph_range(minutes),
            "signers": minutes.signers.select_related("signature").order_by("role", "id"),
            "certificate": queries.certificate_of(minutes),
            "with_signatures": with_signatures,
            # The text signed is the same before and after the justering; only the printed copy says "UTKAST".
            "draft": with_signatures and not queries.is_public(minutes),
            "quorum": queries.quorum(minutes) if meeting.kind == "BOARD" else None,
        },
    )


def document_hash(minutes: Minutes) -> str:
    return hashlib.sha256(minutes_html(minutes, with_signatures=False).encode("utf-8")).hexdigest()


def extract_html(paragraph: Paragraph) -> str:
    minutes = paragraph.minutes
    paragraph.report = queries.stated_report(paragraph)
    return _render(
        "meetings/pdf/extract.html",
        {
            "paragraph": paragraph,
            "minutes": minutes,
            "meeting": minutes.meeting,
            "forbund": minutes.meeting.forbund,
            "signers": minutes.signers.select_related("signature").order_by("role", "id"),
            "certified": queries.is_public(minutes),
            "draft": not queries.is_public(minutes),
            "certificate": queries.certificate_of(minutes),
        },
    )


def notice_pdf(meeting: Meeting) -> bytes:
    return html_to_pdf(notice_html(meeting))


def minutes_pdf(minutes: Minutes) -> bytes:
    return html_to_pdf(minutes_html(minutes))


def extract_pdf(paragraph: Paragraph) -> bytes:
    return html_to_pdf(extract_html(paragraph))
