"""Board meetings: the plan, the notice with its agenda, the minutes with numbered paragraphs,
attendance, the signatures of the adjustment and the certificate of posting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.attachments import Attachment
from samordna.lib.free_text import GuardedFreeText
from samordna.lib.versioning import Versioned
from samordna.tenancy.models import BoardSeat, Forbund, Member

if TYPE_CHECKING:
    from samordna.finance.queries import EconomicRoom, StatedReport

    from .queries import QuorumCheck


class MeetingKind(models.TextChoices):
    BOARD = "BOARD", _("Styrelsemöte")
    PREPARATORY = "PREPARATORY", _("Beredningsgruppens möte")
    PLANNING_DAY = "PLANNING_DAY", _("Planeringsdag")
    CONFERENCE = "CONFERENCE", _("Konferens")


class Meeting(models.Model):
    """A meeting in the förbund's plan for the year; the notice is its agenda once sent."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("typ"), max_length=14, choices=MeetingKind.choices, default=MeetingKind.BOARD)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("från klockan"), null=True, blank=True)
    end_time = models.TimeField(_("till klockan"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    note = models.CharField(_("anteckning"), max_length=200, blank=True)
    notice_sent_on = models.DateField(_("kallelse skickad"), null=True, blank=True)

    class Meta:
        ordering = ["forbund", "date", "start_time"]
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class ItemKind(models.TextChoices):
    DECISION = "DECISION", _("Beslutsärende")
    INFORMATION = "INFORMATION", _("Informationsärende")
    ELECTION = "ELECTION", _("Val")
    OTHER_BUSINESS = "OTHER_BUSINESS", _("Övriga frågor")


class AgendaItem(GuardedFreeText, Versioned):
    """An item of the notice. Numbers restart at 1 in every meeting."""

    FREE_TEXT_FIELDS = ("title", "background", "proposal")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("typ"), max_length=14, choices=ItemKind.choices, default=ItemKind.DECISION)
    title = models.CharField(_("rubrik"), max_length=300)
    background = models.TextField(_("bakgrund"), blank=True)
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    # "att …" clauses after "föreslås besluta". An empty clause is left open for the meeting.
    proposal = models.JSONField(_("förslag till beslut"), default=list, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("ansökan"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("insats"),
    )
    # A standard item that closes the meeting (other business, closing): new items go in before it.
    closing = models.BooleanField(_("avslutande punkt"), default=False)

    economic_room: EconomicRoom | None  # set by the meeting page and the notice for the grant proposals

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_unique_number")]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AgendaTemplateItem(GuardedFreeText, models.Model):
    """A standard item of the förbund's agenda (opening, choice of adjusters, …, closing), in order.

    Planning a meeting may start its agenda from these; items added later go in before the closing ones.
    """

    FREE_TEXT_FIELDS = ("title", "proposal")

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="agenda_template")
    position = models.PositiveSmallIntegerField(_("ordning"))
    kind = models.CharField(_("typ"), max_length=14, choices=ItemKind.choices, default=ItemKind.DECISION)
    title = models.CharField(_("rubrik"), max_length=300)
    proposal = models.JSONField(_("förslag till beslut"), default=list, blank=True)
    closing = models.BooleanField(
        _("avslutande punkt"), default=False, help_text=_("Kommer efter mötets ärenden, t.ex. övriga frågor.")
    )

    class Meta:
        ordering = ["forbund", "position"]
        constraints = [models.UniqueConstraint(fields=["forbund", "position"], name="agenda_template_unique_position")]
        verbose_name = _("stående punkt")
        verbose_name_plural = _("stående punkter")

    def __str__(self) -> str:
        return self.title


class MinutesState(models.TextChoices):
    DRAFT = "DRAFT", _("Utkast")
    READY = "READY", _("Klart för justering")
    ADJUSTED = "ADJUSTED", _("Justerat")
    LOCKED = "LOCKED", _("Låst")


class Minutes(GuardedFreeText, models.Model):
    FREE_TEXT_FIELDS = ("attendance_remark",)
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    state = models.CharField(_("status"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT)
    adjustment_method = models.CharField(_("justeringssätt"), max_length=100, blank=True)
    document_hash = models.CharField(_("dokumentets kontrollsumma (SHA-256)"), max_length=64, blank=True)
    adjusted_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)
    # Where the paper record of who attended cannot be squared with the register, what it says is kept here
    # and shown as a warning, rather than silently corrected.
    attendance_remark = models.TextField(_("anmärkning om närvaron"), blank=True)

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")

    def __str__(self) -> str:
        return f"{_('Protokoll')} {self.meeting.date:%Y-%m-%d}"

    @property
    def forbund(self) -> Forbund:
        return self.meeting.forbund


class AttendanceCategory(models.TextChoices):
    VOTING = "VOTING", _("Beslutande ledamot")
    SERVING_DEPUTY = "SERVING_DEPUTY", _("Tjänstgörande ersättare")
    DEPUTY_PRESENT = "DEPUTY_PRESENT", _("Ersättare, ej tjänstgörande")
    OTHER = "OTHER", _("Övriga deltagande")


VOTING_CATEGORIES = (AttendanceCategory.VOTING, AttendanceCategory.SERVING_DEPUTY)


class Attendance(Versioned):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    person_name = models.CharField(_("namn"), max_length=200)
    category = models.CharField(_("närvaro"), max_length=16, choices=AttendanceCategory.choices)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("medlem")
    )
    organisation = models.CharField(_("organisation eller funktion"), max_length=200, blank=True)
    serving_for = models.CharField(_("tjänstgör för"), max_length=200, blank=True)
    office = models.CharField(_("uppdrag på mötet"), max_length=100, blank=True)
    # Rows taken from the board register name the seat; older rows were typed and name none.
    seat = models.ForeignKey(
        BoardSeat, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("styrelseplats")
    )
    serving_for_seat = models.ForeignKey(
        BoardSeat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tjänstgör för ledamoten"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # Others present may attend only some paragraphs; empty means the whole meeting.
    paragraphs: models.ManyToManyField[Paragraph, Any] = models.ManyToManyField(
        "Paragraph", blank=True, related_name="attendees", verbose_name=_("§§")
    )

    class Meta:
        ordering = ["minutes", "category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "seat"], condition=models.Q(seat__isnull=False), name="attendance_one_row_per_seat"
            ),
        ]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")

    def __str__(self) -> str:
        return self.person_name


class Paragraph(GuardedFreeText, Versioned):
    """A numbered paragraph (§). Numbers are given by the system, unique and gapless in their series (R16)."""

    FREE_TEXT_FIELDS = ("title", "body", "decision_clauses")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="paragraphs")
    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="paragraphs")
    # The board and each other body (the preparatory group, …) number their paragraphs in series of their own.
    deciding_body = models.CharField(_("organ"), max_length=14, choices=MeetingKind.choices, default=MeetingKind.BOARD)
    series = models.PositiveSmallIntegerField(
        _("nummerserie"), help_text=_("Året, eller 0 när numren aldrig börjar om.")
    )
    number = models.PositiveIntegerField(_("paragraf"))
    title = models.CharField(_("rubrik"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    decision_intro = models.CharField(_("beslutsformel"), max_length=200, blank=True)
    decision_clauses = models.JSONField(_("beslut"), default=list, blank=True)
    # The figures of an economic report as the paragraph states them, by the names of finance's economic report
    # (result_forecast, room_for_new, …); the minutes print them beside what the system computes from them.
    report_figures = models.JSONField(_("ekonomisk rapport enligt paragrafen"), default=dict, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="paragraphs"
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paragraphs",
        verbose_name=_("ansökan"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paragraphs",
        verbose_name=_("insats"),
    )

    economic_room: EconomicRoom | None  # set by the meeting page for those who may see the finances
    away: list[ParagraphAbsence]  # set by the meeting page: who took no part in this paragraph
    quorum_here: QuorumCheck | None
    report: StatedReport | None  # set for the page and the documents: the economic report the paragraph states

    class Meta:
        ordering = ["forbund", "deciding_body", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["forbund", "deciding_body", "series", "number"], name="paragraph_unique_number_per_body"
            ),
        ]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"


class AbsenceReason(models.TextChoices):
    LEFT = "LEFT", _("Lämnade sammanträdet")
    DISQUALIFIED = "DISQUALIFIED", _("Jäv")


class ParagraphAbsence(models.Model):
    """Someone present at the meeting who took no part in one paragraph: they left the room, or were disqualified
    (jäv). An ersättare of the same member who was present without serving may take the vote for that paragraph."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="absences")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="absences")
    reason = models.CharField(_("orsak"), max_length=12, choices=AbsenceReason.choices)
    substitute = models.ForeignKey(
        Attendance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="substitutions",
        verbose_name=_("ersättare som tjänstgör i paragrafen"),
    )

    class Meta:
        ordering = ["paragraph", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attendance", "paragraph"], name="absence_once_per_paragraph"),
        ]
        verbose_name = _("frånvaro i paragraf")
        verbose_name_plural = _("frånvaro i paragrafer")

    def __str__(self) -> str:
        return f"{self.attendance} § {self.paragraph.number}"


class SignerRole(models.TextChoices):
    CHAIR = "CHAIR", _("Ordförande")
    SECRETARY = "SECRETARY", _("Sekreterare")
    ADJUSTER = "ADJUSTER", _("Justerare")


class MinutesSigner(models.Model):
    """Someone who must sign for the minutes to be adjusted: the chair, the secretary and each adjuster."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signers")
    role = models.CharField(_("roll"), max_length=10, choices=SignerRole.choices)
    person_name = models.CharField(_("namn"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )

    class Meta:
        ordering = ["minutes", "role", "id"]
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_role_display()})"


class Signature(models.Model):
    """One signer's confirmation of the exact document, by its SHA-256 hash."""

    signer = models.OneToOneField(MinutesSigner, on_delete=models.PROTECT, related_name="signature")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("undertecknat"))
    document_hash = models.CharField(_("kontrollsumma"), max_length=64)
    provider = models.CharField(_("metod"), max_length=40)
    reference = models.CharField(_("referens"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")

    def __str__(self) -> str:
        return f"{self.signer} {self.signed_at:%Y-%m-%d %H:%M}"


class NoticeCertificate(models.Model):
    """Bevis om anslag: when the adjusted minutes were announced on the notice board and where they are kept."""

    minutes = models.OneToOneField(Minutes, on_delete=models.CASCADE, related_name="certificate")
    notice_board = models.CharField(_("anslagstavla"), max_length=200)
    posted_on = models.DateField(_("anslaget har satts upp"))
    taken_down_on = models.DateField(_("anslaget tas ner"))
    storage_place = models.CharField(_("förvaringsplats för protokollet"), max_length=200)
    signed_by = models.CharField(_("underskrift"), max_length=200, blank=True)
    removed_on = models.DateField(_("anslaget nedtaget"), null=True, blank=True)

    class Meta:
        verbose_name = _("bevis om anslag")
        verbose_name_plural = _("bevis om anslag")

    def __str__(self) -> str:
        return f"{self.minutes} {self.posted_on:%Y-%m-%d}"

    @property
    def last_day_for_appeal(self):
        from .queries import last_day_for_appeal

        return last_day_for_appeal(self.posted_on)


class AgendaItemAttachment(Attachment):
    """A file sent out with an item of the notice (bilaga till ärendet)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = _("bilaga till ärende")
        verbose_name_plural = _("bilagor till ärenden")

    @property
    def forbund(self) -> Forbund:
        return self.agenda_item.meeting.forbund

    def folder(self) -> str:
        return f"{self.forbund.slug}/sammantraden/{self.agenda_item.meeting_id}"


class AssignmentKind(models.TextChoices):
    ASSIGNMENT = "ASSIGNMENT", _("Uppdrag")
    DELEGATION = "DELEGATION", _("Delegation")


class AssignmentStatus(models.TextChoices):
    OPEN = "OPEN", _("Pågår")
    DONE = "DONE", _("Utfört")
    REPORTED = "REPORTED", _("Återrapporterat")


class Assignment(GuardedFreeText, Versioned):
    """An assignment (uppdrag) the board gives in a paragraph, or a decision it delegates (R18).

    A delegated decision names its delegate and is reported back to the board in a later paragraph.
    """

    FREE_TEXT_FIELDS = ("description", "outcome")

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="assignments")
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("given i paragraf")
    )
    kind = models.CharField(_("typ"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.ASSIGNMENT)
    assignee = models.CharField(
        _("till"), max_length=200, help_text=_("T.ex. förbundschefen, presidiet, beredningsgruppen.")
    )
    description = models.TextField(_("uppdraget"))
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    done_on = models.DateField(_("utfört"), null=True, blank=True)
    outcome = models.TextField(_("vad som gjorts eller beslutats"), blank=True)
    reported_in = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_assignments",
        verbose_name=_("återrapporterat i paragraf"),
    )

    class Meta:
        ordering = ["forbund", "status", "due_on", "id"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")

    def __str__(self) -> str:
        return f"{self.assignee}: {self.description[:60]}"
