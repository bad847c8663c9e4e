"""The förbund's public notice board: the justering of its minutes announced to everyone, without login.

It shows only what the announcement says (the body, the days, where the minutes are kept, the last day for
appeal) and the justered minutes themselves.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samordna.tenancy.models import Forbund

from . import documents, queries


def _forbund(slug: str) -> Forbund:
    forbund = Forbund.objects.filter(slug=slug).first()
    if forbund is None:
        raise Http404(_("Det finns ingen anslagstavla med den adressen."))
    return forbund


@require_safe
def notice_board(request, board_slug: str):
    forbund = _forbund(board_slug)
    today = timezone.localdate()
    notices = queries.notices_on_board(forbund, today)
    return render(request, "meetings/notice_board.html", {"board_forbund": forbund, "notices": notices, "today": today})


@require_safe
def notice_minutes_pdf(request, board_slug: str, notice_id: int):
    """The justered minutes of a notice on the board, for as long as it is up."""
    notice = queries.notice_on_board(_forbund(board_slug), notice_id)
    minutes = notice.minutes
    response = HttpResponse(documents.minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protokoll-{minutes.meeting.date:%Y-%m-%d}.pdf"'
    return response
