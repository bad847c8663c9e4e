"""Pages for the meeting plan, the notice, the minutes, signing, and the PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.lib import attachments
from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors
from samordna.lib.versioning import STALE_FIELD
from samordna.lib.years import shown_year
from samordna.tenancy import permissions
from samordna.tenancy.models import User
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, documents, forms, queries
from .models import (
    AgendaItem,
    AgendaItemAttachment,
    AgendaTemplateItem,
    Assignment,
    Attendance,
    AttendanceCategory,
    MeetingKind,
    Minutes,
    MinutesSigner,
    MinutesState,
    Paragraph,
    ParagraphAbsence,
    SignerRole,
)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def meeting_list(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_MEETINGS)
    period = shown_year(request.GET.get("ar"), lambda: queries.latest_meeting_year(forbund))
    year = period.year
    can_manage = permissions.check(request.user, forbund, Capability.MANAGE_MEETINGS).allowed
    form = forms.MeetingForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage or form is None:
            raise Refused(permissions.check(request.user, forbund, Capability.MANAGE_MEETINGS).reason)
        if form.is_valid():
            try:
                meeting = actions.plan_meeting(request.user, forbund, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Sammanträdet är inlagt i mötesplanen."))
                return redirect("meetings:detail", forbund_slug=forbund.slug, meeting_id=meeting.pk)
    years = sorted({d.year for d in forbund.meetings.dates("date", "year")} | {year})
    return render(
        request,
        "meetings/list.html",
        {
            "forbund": forbund,
            "year": year,
            "years": years,
            "meetings": queries.meetings_of(forbund, year),
            "period": period,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _minutes_context(request, forbund, meeting, bound=None):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    can_manage = permissions.check(request.user, forbund, Capability.MANAGE_MEETINGS).allowed
    sees_finance = permissions.check(request.user, forbund, Capability.VIEW_FINANCE).allowed
    items = list(
        meeting.agenda_items.select_related("application__review", "intervention").prefetch_related("attachments")
    )
    if sees_finance:
        # The room for new projects next to each grant proposal of the agenda.
        rooms = _rooms(forbund, [i.application for i in items if i.application is not None])
        for item in items:
            item.economic_room = rooms.get(item.application_id)
    context = {
        "forbund": forbund,
        "meeting": meeting,
        "items": items,
        "notice_warning": queries.notice_warning(meeting),
        "minutes": minutes,
        "can_manage": can_manage,
        "editable": can_manage and (minutes is None or minutes.state == MinutesState.DRAFT),
        "arrangeable": can_manage and minutes is None and meeting.notice_sent_on is None,
    }
    if minutes is not None:
        away = Prefetch("absences", queryset=ParagraphAbsence.objects.select_related("attendance", "substitute"))
        paragraphs = list(
            minutes.paragraphs.select_related("application__decision", "intervention").prefetch_related(
                "decisions", away
            )
        )
        if sees_finance:
            rooms = _rooms(forbund, [p.application for p in paragraphs if p.application is not None])
            for p in paragraphs:
                p.economic_room = rooms.get(p.application_id)
        certificate = queries.certificate_of(minutes)
        for p in paragraphs:
            p.report = queries.stated_report(p)
            p.away = list(p.absences.all())
            p.quorum_here = queries.quorum(minutes, p) if p.away else None
        context.update(
            {
                "paragraphs": paragraphs,
                "attendance": minutes.attendance.select_related("member").prefetch_related("paragraphs"),
                "quorum": queries.quorum(minutes),
                "signers": minutes.signers.select_related("signature", "user"),
                "certificate": certificate,
                "range": queries.paragraph_range(minutes),
                "is_board": meeting.kind == MeetingKind.BOARD,
            }
        )
    if can_manage:
        forms_ = {
            "item_form": forms.AgendaItemForm(),
            "move_form": forms.MoveMeetingForm.for_meeting(meeting),
            "paragraph_form": forms.ParagraphForm(),
            "signer_form": forms.SignerForm(minutes=minutes),
            "paper_form": forms.PaperAdjustmentForm(minutes=minutes) if minutes is not None else None,
            "certificate_form": forms.CertificateForm(
                initial={"notice_board": forbund.notice_board, "storage_place": forbund.storage_place}
            ),
        }
        forms_.update(bound or {})
        context.update(forms_)
    return context


@login_required
def meeting_detail(request, forbund_slug: str, meeting_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    return render(request, "meetings/detail.html", _minutes_context(request, forbund, meeting))


def _perform(request, forbund, meeting, action: str) -> dict | str | None:
    """Run one manager action from its posted form; returns the bound forms on a validation error, or the message
    to show when the action says more than that it is saved."""
    post = request.POST
    user = request.user
    minutes = Minutes.objects.filter(meeting=meeting).first()
    form: BaseForm
    if action == "add_item":
        form = forms.AgendaItemForm(post)
        if not form.is_valid():
            return {"item_form": form}
        actions.add_agenda_item(
            user, meeting, proposal=forms.clauses(form.cleaned_data.pop("proposal_text")), **form.cleaned_data
        )
    elif action == "from_template":
        actions.apply_template(user, meeting)
    elif action == "send_notice":
        actions.send_notice(user, meeting)
    elif action == "move":
        form = forms.MoveMeetingForm(post)
        if not form.is_valid():
            return {"move_form": form}
        was_sent = meeting.notice_sent_on is not None
        try:
            meeting = actions.move_meeting(user, meeting, form.cleaned_data.pop("date"), **form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise  # not about a field of the form: shown as the page's message
            add_validation_errors(form, exc)
            return {"move_form": form}
        moved = _("Sammanträdet är flyttat till %(day)s.") % {"day": f"{meeting.date:%Y-%m-%d}"}
        if was_sent:
            return f"{moved} {_('Kallelsen gällde den gamla dagen: skicka den igen.')}"
        return moved
    elif action == "start_minutes":
        actions.start_minutes(user, meeting, adjustment_method=post.get("adjustment_method", ""))
    elif minutes is None:
        raise ValidationError(_("Skapa protokollet först."))
    elif action == "add_paragraph":
        form = forms.ParagraphForm(post)
        if not form.is_valid():
            return {"paragraph_form": form}
        data = form.cleaned_data
        actions.add_paragraph(
            user,
            minutes,
            title=data["title"],
            body=data["body"],
            decision_intro=data["decision_intro"],
            decision_clauses=forms.clauses(data["decision_text"]),
        )
    elif action == "set_signer":
        form = forms.SignerForm(post, minutes=minutes)
        if not form.is_valid():
            return {"signer_form": form}
        data = form.cleaned_data
        signer_user = None
        if data["username"]:
            signer_user = User.objects.filter(username__iexact=data["username"], is_active=True).first()
            if signer_user is None:
                raise ValidationError(_("Det finns ingen användare med det namnet."))
        actions.set_signer(
            user,
            minutes,
            role=data["role"],
            person_name=data["person_name"],
            user=signer_user,
            attendance=data["attendee"] if data["role"] == SignerRole.ADJUSTER else None,
        )
    elif action == "paper":
        form = forms.PaperAdjustmentForm(post, minutes=minutes)
        if not form.is_valid():
            return {"paper_form": form}
        actions.record_paper_adjustment(
            user, minutes, signed_on=form.cleaned_data["signed_on"], signers=form.cleaned_data["signers"]
        )
    elif action == "remove_paragraph":
        raw = post.get("paragraph", "")
        number = int(raw) if raw.isascii() and raw.isdigit() else 0  # anything else is no paragraph: 404
        paragraph = get_object_or_404(Paragraph, pk=number, minutes=minutes)
        actions.remove_last_paragraph(user, paragraph)
        return _("§ %(number)s är borttagen.") % {"number": paragraph.number}
    elif action == "take_down":
        certificate = queries.certificate_of(minutes)
        if certificate is None:
            raise ValidationError(_("Protokollet har inget anslag att ta ner."))
        actions.take_down_notice(user, certificate)
    elif action == "ready":
        actions.mark_ready(user, minutes)
    elif action == "reopen":
        actions.reopen(user, minutes)
    elif action == "post":
        form = forms.CertificateForm(post)
        if not form.is_valid():
            return {"certificate_form": form}
        actions.post_certificate(user, minutes, **form.cleaned_data)
    elif action == "lock":
        actions.lock(user, minutes)
    else:
        raise Http404(_("Åtgärden finns inte."))
    return None


@login_required
@require_POST
def meeting_action(request, forbund_slug: str, meeting_id: int, action: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    try:
        bound = _perform(request, forbund, meeting, action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        bound = {}
    if bound is None or isinstance(bound, str):
        messages.success(request, bound or _("Sparat."))
        return redirect("meetings:detail", forbund_slug=forbund.slug, meeting_id=meeting.pk)
    return render(request, "meetings/detail.html", _minutes_context(request, forbund, meeting, bound), status=400)


def _posted(request):
    """The posted data, or None for a GET: an empty POST is a form with errors, not a fresh page."""
    return request.POST if request.method == "POST" else None


def _edit_page(
    request, forbund, meeting, form_class, instance, update, *, heading: str, extra=None, remove=None, back=None
):
    """An edit page for one part of the notice or the minutes; `update` is the action that saves it.

    A refused change (locked minutes, a stale version, a broken rule) keeps the form with the reason.
    """
    form = form_class(_posted(request), instance=instance, forbund=forbund)
    back = back or redirect("meetings:detail", forbund_slug=forbund.slug, meeting_id=meeting.pk)
    if request.method == "POST" and remove is not None and "remove" in request.POST:
        try:
            expected_version = form.fields[STALE_FIELD].clean(request.POST.get(STALE_FIELD))
            remove(request.user, instance, expected_version=expected_version)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Borttaget."))
        return back
    if request.method == "POST" and form.is_valid():
        try:
            update(request.user, instance, expected_version=form.cleaned_data["expected_version"], **form.changes())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Sparat."))
            return back
    minutes = Minutes.objects.filter(meeting=meeting).first()
    context = {
        "forbund": forbund,
        "meeting": meeting,
        "form": form,
        "heading": heading,
        "can_remove": remove is not None,
        "locked_reason": _locked_reason(minutes),
        **(extra or {}),
    }
    return render(request, "meetings/edit.html", context, status=400 if form.errors else 200)


def _room(application):
    """The room for new projects next to a decision on an application (none for other paragraphs)."""
    from samordna.finance.queries import economic_room

    return economic_room(application) if application is not None else None


def _rooms(forbund, applications) -> dict:
    """The rooms next to the decisions of a whole page, by application id, computed in one pass."""
    from samordna.finance.queries import economic_rooms

    return economic_rooms(forbund, applications)


def _room_for(request, forbund, application):
    if not permissions.check(request.user, forbund, Capability.VIEW_FINANCE).allowed:
        return None
    return _room(application)


def _locked_reason(minutes) -> str:
    if minutes is None or minutes.state == MinutesState.DRAFT:
        return ""
    if minutes.state == MinutesState.LOCKED:
        return _("Protokollet är låst. Ingenting i det kan ändras.")
    return _("Protokollet är %(state)s och kan inte ändras.") % {"state": minutes.get_state_display().lower()}


def _arrange(request, row, change: str, *, move, remove, back):
    """Move a row of an ordered list up or down, or remove it, and go back to the list. Works without JavaScript."""
    try:
        if change in ("up", "down"):
            move(request.user, row, change)
        elif change == "remove":
            remove(request.user, row)
        else:
            raise Http404(_("Åtgärden finns inte."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Borttaget.") if change == "remove" else _("Flyttat."))
    return back


@login_required
@require_POST
def arrange_item(request, forbund_slug: str, meeting_id: int, agenda_item_id: int, change: str):
    """Move an item of the agenda up or down, or remove it, before the notice is sent."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    item = get_object_or_404(AgendaItem, pk=agenda_item_id, meeting=meeting)
    back = redirect("meetings:detail", forbund_slug=forbund.slug, meeting_id=meeting.pk)
    return _arrange(request, item, change, move=actions.move_agenda_item, remove=actions.remove_agenda_item, back=back)


@login_required
def agenda_template(request, forbund_slug: str):
    """The förbund's standard items, which a new meeting's agenda may start from."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    form = forms.TemplateItemForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_template_item(request.user, forbund, **form.item_data())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Punkten är tillagd."))
            return redirect("meetings:template", forbund_slug=forbund.slug)
    return render(
        request,
        "meetings/template.html",
        {"forbund": forbund, "rows": actions.ensure_template(forbund), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def arrange_template_item(request, forbund_slug: str, template_item_id: int, change: str):
    """Move one of the förbund's standard items up or down, or remove it."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    row = get_object_or_404(AgendaTemplateItem, pk=template_item_id, forbund=forbund)
    back = redirect("meetings:template", forbund_slug=forbund.slug)
    return _arrange(
        request, row, change, move=actions.move_template_item, remove=actions.remove_template_item, back=back
    )


@login_required
def edit_item(request, forbund_slug: str, meeting_id: int, agenda_item_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    item = get_object_or_404(AgendaItem, pk=agenda_item_id, meeting=meeting)
    return _edit_page(
        request,
        forbund,
        meeting,
        forms.AgendaItemEditForm,
        item,
        actions.update_agenda_item,
        heading=_("Ärende %(n)s") % {"n": item.number},
        extra={
            "economic_room": _room_for(request, forbund, item.application),
            "item": item,
            "attachments": item.attachments.all(),
            "upload_form": getattr(request, "_upload_form", None) or attachments.UploadForm(),
        },
    )


@login_required
@require_POST
def attach_to_item(request, forbund_slug: str, meeting_id: int, agenda_item_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    item = get_object_or_404(AgendaItem, pk=agenda_item_id, meeting=meeting)
    form = attachments.take_upload(request, lambda file: actions.attach_to_item(request.user, item, file))
    if form.errors:
        request._upload_form = form
        request.method = "GET"
        response = edit_item(request, forbund_slug, meeting_id, agenda_item_id)
        response.status_code = 400
        return response
    messages.success(request, _("Bilagan är sparad."))
    return redirect("meetings:edit_item", forbund_slug=forbund.slug, meeting_id=meeting.pk, agenda_item_id=item.pk)


@login_required
def item_attachment(request, forbund_slug: str, meeting_id: int, agenda_item_id: int, item_attachment_id: int):
    """GET downloads the file for readers of the meeting; POST removes it (the office, while the minutes are open)."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    file = get_object_or_404(
        AgendaItemAttachment, pk=item_attachment_id, agenda_item_id=agenda_item_id, agenda_item__meeting=meeting
    )
    if request.method != "POST":
        return attachments.download(file)
    decision = permissions.check(request.user, forbund, Capability.MANAGE_MEETINGS)
    if not decision.allowed:
        raise Refused(decision.reason)
    try:
        actions.remove_item_attachment(request.user, file)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Bilagan är borttagen."))
    return redirect(
        "meetings:edit_item", forbund_slug=forbund.slug, meeting_id=meeting.pk, agenda_item_id=agenda_item_id
    )


@login_required
def edit_paragraph(request, forbund_slug: str, paragraph_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    paragraph = queries.paragraph_for(forbund, paragraph_id)
    return _edit_page(
        request,
        forbund,
        paragraph.minutes.meeting,
        forms.ParagraphEditForm,
        paragraph,
        actions.update_paragraph,
        heading=f"§ {paragraph.number}",
        extra={"economic_room": _room_for(request, forbund, paragraph.application)},
    )


@login_required
def edit_attendance(request, forbund_slug: str, meeting_id: int, attendance_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    row = get_object_or_404(Attendance, pk=attendance_id, minutes__meeting=meeting)
    return _edit_page(
        request,
        forbund,
        meeting,
        forms.AttendanceEditForm,
        row,
        actions.update_attendance,
        heading=_("Närvaro: %(name)s") % {"name": row.person_name},
        extra={"quorum": queries.quorum(row.minutes)},
        remove=actions.remove_attendance,
    )


def _attendance_forms(request, forbund, minutes, bound: dict | None = None) -> dict:
    forms_ = {
        "register_form": forms.RegisterAttendanceForm(minutes=minutes, seats=queries.register_seats(minutes)),
        "other_form": forms.OtherPresentForm(forbund=forbund, minutes=minutes),
        "absence_form": forms.ParagraphAbsenceForm(minutes=minutes),
    }
    forms_.update(bound or {})
    return forms_


def _save_attendance(request, forbund, minutes) -> dict | None:
    """Save the posted part of the attendance page; returns the bound form on an error, None when saved."""
    post, user = request.POST, request.user
    part = post.get("part")
    if part == "remove_absence":
        row = get_object_or_404(ParagraphAbsence, pk=post.get("absence"), paragraph__minutes=minutes)
        actions.remove_paragraph_absence(user, row)
        return None
    form: BaseForm
    if part == "register":
        register = forms.RegisterAttendanceForm(post, minutes=minutes, seats=queries.register_seats(minutes))
        form = register

        def save(data):
            actions.record_register_attendance(user, minutes, register.statuses(), remark=data["remark"])

    elif part == "other":
        form = forms.OtherPresentForm(post, forbund=forbund, minutes=minutes)

        def save(data):
            actions.record_attendance(user, minutes, category=AttendanceCategory.OTHER, **data)

    elif part == "absence":
        form = forms.ParagraphAbsenceForm(post, minutes=minutes)

        def save(data):
            actions.record_paragraph_absence(
                user, data["paragraph"], data["attendance"], reason=data["reason"], substitute=data["substitute"]
            )

    else:
        raise ValidationError(_("Åtgärden finns inte."))
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return None
    return {f"{part}_form": form}


@login_required
def attendance(request, forbund_slug: str, meeting_id: int):
    """Attendance from the board register, others present, and who took no part in a paragraph."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    bound: dict | None = None
    if request.method == "POST":
        try:
            bound = _save_attendance(request, forbund, minutes)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            bound = {}
        if bound is None:
            messages.success(request, _("Närvaron är sparad."))
            return redirect("meetings:attendance", forbund_slug=forbund.slug, meeting_id=meeting.pk)
    context = {
        "forbund": forbund,
        "meeting": meeting,
        "minutes": minutes,
        "locked_reason": _locked_reason(minutes),
        "editable": not _locked_reason(minutes),
        "is_board": meeting.kind == MeetingKind.BOARD,
        "attendance": minutes.attendance.select_related("member", "seat").prefetch_related("paragraphs"),
        "absences": ParagraphAbsence.objects.filter(paragraph__minutes=minutes).select_related(
            "paragraph", "attendance", "substitute"
        ),
        "quorum": queries.quorum(minutes),
        **_attendance_forms(request, forbund, minutes, bound),
    }
    return render(request, "meetings/attendance.html", context, status=400 if bound is not None else 200)


@login_required
def assignment_list(request, forbund_slug: str):
    """The board's assignments and delegations and how they were followed up (R18)."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_MEETINGS)
    manage = permissions.check(request.user, forbund, Capability.MANAGE_MEETINGS)
    form = forms.AssignmentForm(_posted(request), forbund=forbund) if manage.allowed else None
    if request.method == "POST":
        if not manage.allowed or form is None:
            raise Refused(manage.reason)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                actions.give_assignment(request.user, data.pop("paragraph"), **data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Uppdraget är registrerat."))
                return redirect("meetings:assignments", forbund_slug=forbund.slug)
    return render(
        request,
        "meetings/assignments.html",
        {"forbund": forbund, "assignments": queries.assignments_of(forbund), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def assignment_edit(request, forbund_slug: str, board_assignment_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_MEETINGS)
    assignment = get_object_or_404(
        Assignment.objects.select_related("paragraph"), pk=board_assignment_id, forbund=forbund
    )
    return _edit_page(
        request,
        forbund,
        assignment.paragraph.minutes.meeting,
        forms.AssignmentEditForm,
        assignment,
        actions.update_assignment,
        heading=f"{assignment.get_kind_display()}: {assignment.assignee} (§ {assignment.paragraph.number})",
        back=redirect("meetings:assignments", forbund_slug=forbund.slug),
    )


def _sign_context(request, forbund, meeting, form=None) -> dict:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    named = minutes is not None and minutes.signers.filter(user=request.user).exists()
    if not named and not permissions.check(request.user, forbund, Capability.VIEW_MEETINGS).allowed:
        raise Refused(_("Du är inte utsedd att skriva under det här protokollet."))
    if minutes is None:
        raise Http404(_("Sammanträdet har inget protokoll."))
    return {
        "forbund": forbund,
        "meeting": meeting,
        "minutes": minutes,
        "document_body": _body_of(documents.minutes_html(minutes, with_signatures=False)),
        "signers": minutes.signers.select_related("signature"),
        "my_slots": list(minutes.signers.filter(user=request.user, signature__isnull=True))
        if minutes.state == MinutesState.READY
        else [],
        "sign_form": form or forms.SignForm(),
        "meeting_held": actions.meeting_over(meeting, timezone.now()),
    }


def _body_of(document: str) -> str:
    """The inside of the rendered document's <body>, already escaped by the template, to show on the page."""
    start = document.find(">", document.find("<body")) + 1
    end = document.rfind("</body>")
    return mark_safe(document[start:end] if start > 0 and end > start else "")  # noqa: S308  # our own template output, escaped  # nosec B308 B703


@login_required
def sign_page(request, forbund_slug: str, meeting_id: int):
    """What a signer signs: the exact document text, shown to the named signers and to readers of minutes."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_DASHBOARD)
    meeting = queries.meeting_for(forbund, meeting_id)
    return render(request, "meetings/sign.html", _sign_context(request, forbund, meeting))


@login_required
@require_POST
def sign(request, forbund_slug: str, meeting_id: int, signer_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_DASHBOARD)
    meeting = queries.meeting_for(forbund, meeting_id)
    slot = get_object_or_404(MinutesSigner, pk=signer_id, minutes__meeting=meeting)
    if slot.user_id != request.user.pk:
        raise Refused(_("Bara %(name)s kan skriva under här.") % {"name": slot.person_name})
    form = forms.SignForm(request.POST)
    if form.is_valid():
        try:
            actions.sign(request.user, slot, confirmation=form.cleaned_data["password"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Du har skrivit under protokollet."))
            return redirect("meetings:sign_page", forbund_slug=forbund.slug, meeting_id=meeting.pk)
    return render(request, "meetings/sign.html", _sign_context(request, forbund, meeting, form), status=400)


@login_required
def notice_pdf(request, forbund_slug: str, meeting_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    return _pdf(documents.notice_pdf(meeting), f"kallelse-{meeting.date:%Y-%m-%d}.pdf")


@login_required
def minutes_pdf(request, forbund_slug: str, meeting_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_MEETINGS)
    meeting = queries.meeting_for(forbund, meeting_id)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    return _pdf(documents.minutes_pdf(minutes), f"protokoll-{meeting.date:%Y-%m-%d}.pdf")


@login_required
def extract_pdf(request, forbund_slug: str, paragraph_id: int):
    """A certified extract: for readers of the minutes, and for an applicant once the decision is adjusted."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_DASHBOARD)
    paragraph = queries.paragraph_for(forbund, paragraph_id)
    if not permissions.check(request.user, forbund, Capability.VIEW_MEETINGS).allowed:
        from samordna.applications.queries import visible_applications

        own = (
            paragraph.application_id
            and visible_applications(request.user, forbund).filter(pk=paragraph.application_id).exists()
        )
        if not own or not queries.is_public(paragraph.minutes):
            raise Refused(_("Du kan bara få utdrag ur justerade protokoll om dina egna ansökningar."))
    return _pdf(documents.extract_pdf(paragraph), f"utdrag-paragraf-{paragraph.number}.pdf")
