"""Reporting obligations: the reports each insats owes, the förbund's annual and interim reports, and the audit.

Due dates are stored when the obligation is created, so that an overdue list is one database query.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.free_text import GuardedFreeText
from samordna.tenancy.models import BoardSeat, Forbund, Member


class ReportKind(models.TextChoices):
    MONTHLY = "MONTHLY", _("Månadsrapport")
    QUARTERLY = "QUARTERLY", _("Kvartalsrapport")
    TERTIAL = "TERTIAL", _("Tertialrapport")
    HALF_YEAR = "HALF_YEAR", _("Halvårsrapport")
    ANNUAL = "ANNUAL", _("Årsrapport med socialt bokslut")
    FINAL = "FINAL", _("Slutrapport")


# Months per report period; the final report covers the whole insats.
PERIOD_MONTHS = {
    ReportKind.MONTHLY: 1,
    ReportKind.QUARTERLY: 3,
    ReportKind.TERTIAL: 4,
    ReportKind.HALF_YEAR: 6,
    ReportKind.ANNUAL: 12,
}


class ReportRequirement(models.Model):
    """A kind of report the grant decision requires of an insats, and how long after each period it is due."""

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="report_requirements"
    )
    kind = models.CharField(_("rapport"), max_length=10, choices=ReportKind.choices)
    due_months_after = models.PositiveSmallIntegerField(_("lämnas senast (månader efter periodens slut)"), default=1)

    class Meta:
        ordering = ["intervention", "kind"]
        constraints = [models.UniqueConstraint(fields=["intervention", "kind"], name="requirement_one_per_kind")]
        verbose_name = _("rapportkrav")
        verbose_name_plural = _("rapportkrav")

    def __str__(self) -> str:
        return f"{self.intervention.registration_no} {self.get_kind_display()}"


class ReportStatus(models.TextChoices):
    DUE = "DUE", _("Ska lämnas")
    SUBMITTED = "SUBMITTED", _("Inlämnad")
    NOTED = "NOTED", _("Lagd till handlingarna")


class InsatsReport(GuardedFreeText, models.Model):
    """One report an insats owes for one period. The final report keeps the form's answers in `answers`."""

    FREE_TEXT_FIELDS = ("answers",)

    intervention = models.ForeignKey("interventions.Intervention", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("rapport"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    due_date = models.DateField(_("lämnas senast"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE)
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    submitted_on = models.DateField(_("inlämnad"), null=True, blank=True)
    noted_on = models.DateField(_("noterad av styrelsen"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "intervention__registration_no", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "kind", "period_start"], name="report_one_per_period")
        ]
        verbose_name = _("insatsrapport")
        verbose_name_plural = _("insatsrapporter")

    def __str__(self) -> str:
        return f"{self.intervention.registration_no} {self.get_kind_display()} {self.period_end:%Y-%m-%d}"

    @property
    def forbund(self) -> Forbund:
        return self.intervention.forbund


class ReportSignature(models.Model):
    """A party's signature of a final report (question 19): one per organisation, e-signature allowed."""

    report = models.ForeignKey(InsatsReport, on_delete=models.CASCADE, related_name="signatures")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, verbose_name=_("organisation"))
    signed_on = models.DateField(_("datum"))
    name = models.CharField(_("namnteckning"), max_length=200)
    printed_name = models.CharField(_("namnförtydligande"), max_length=200)
    email = models.EmailField(_("e-post"))

    class Meta:
        ordering = ["report", "member__name"]
        constraints = [models.UniqueConstraint(fields=["report", "member"], name="signature_one_per_party")]
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")

    def __str__(self) -> str:
        return f"{self.member} {self.signed_on:%Y-%m-%d}"


class ForbundReportKind(models.TextChoices):
    ANNUAL = "ANNUAL", _("Årsredovisning")
    INTERIM = "INTERIM", _("Delårsrapport")


class ForbundReport(models.Model):
    """The förbund's annual accounts or an interim report: the system's figures, the office's texts, the board's
    adoption in a paragraph of its minutes (after which nothing changes) and the signatures of the ledamöter."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="forbund_reports")
    kind = models.CharField(_("slag"), max_length=7, choices=ForbundReportKind.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    period_end = models.DateField(_("period till"))
    due_date = models.DateField(_("lämnas senast"))
    figures = models.JSONField(_("uppgifter"), default=dict, blank=True)
    # The parts of the förvaltningsberättelse, keyed as in `annual.TEXT_PARTS`; written by the office.
    texts = models.JSONField(_("texter"), default=dict, blank=True)
    adopted_on = models.DateField(_("fastställd"), null=True, blank=True)
    paragraph = models.ForeignKey(
        "meetings.Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forbund_reports",
        verbose_name=_("fastställd i paragraf"),
    )
    # SHA-256 of the adopted figures and texts: what every ledamot signs.
    content_hash = models.CharField(_("kontrollsumma"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["forbund", "-period_end", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "kind", "period_end"], name="forbund_report_one_per_period")
        ]
        verbose_name = _("årsredovisning eller delårsrapport")
        verbose_name_plural = _("årsredovisningar och delårsrapporter")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class ForbundReportSignature(models.Model):
    report = models.ForeignKey(ForbundReport, on_delete=models.CASCADE, related_name="signatures")
    seat = models.ForeignKey(BoardSeat, on_delete=models.PROTECT, verbose_name=_("ledamot"))
    signed_on = models.DateField(_("datum"))
    provider = models.CharField(_("underskriven med"), max_length=100, blank=True)
    content_hash = models.CharField(_("kontrollsumma"), max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "seat"], name="forbund_report_one_signature")]
        verbose_name = _("underskrift av ledamot")
        verbose_name_plural = _("underskrifter av ledamöter")

    def __str__(self) -> str:
        return f"{self.seat.person_name} {self.signed_on:%Y-%m-%d}"


class AuditDocumentKind(models.TextChoices):
    AUDIT_REPORT = "REPORT", _("Revisionsberättelse")
    AUDIT_REVIEW = "REVIEW", _("Revisionsrapport")


class AuditDocument(GuardedFreeText, models.Model):
    """The auditors' report (with its view on discharge from liability) or a review with recommendations."""

    FREE_TEXT_FIELDS = ("summary", "response_text")

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="audit_documents")
    kind = models.CharField(_("slag"), max_length=6, choices=AuditDocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("verksamhetsår"))
    title = models.CharField(_("rubrik"), max_length=300)
    received_on = models.DateField(_("inkommen"))
    summary = models.TextField(_("sammanfattning"), blank=True)
    recommends_discharge = models.BooleanField(_("revisorerna tillstyrker ansvarsfrihet"), null=True, blank=True)
    noted_reference = models.CharField(_("behandlad i paragraf"), max_length=40, blank=True)
    response_due = models.DateField(_("styrelsens yttrande senast"), null=True, blank=True)
    response_text = models.TextField(_("styrelsens yttrande"), blank=True)
    response_approved_on = models.DateField(_("yttrandet godkänt"), null=True, blank=True)
    response_approved_by = models.CharField(_("godkänt av"), max_length=200, blank=True)
    response_sent_on = models.DateField(_("yttrandet lämnat"), null=True, blank=True)

    class Meta:
        ordering = ["forbund", "-year", "received_on"]
        verbose_name = _("revisionshandling")
        verbose_name_plural = _("revisionshandlingar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class AuditRecommendation(GuardedFreeText, models.Model):
    """One recommendation of an audit review, followed until the board has dealt with it."""

    FREE_TEXT_FIELDS = ("text", "measure")

    document = models.ForeignKey(AuditDocument, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("rekommendation"))
    deadline = models.DateField(_("åtgärdas senast"), null=True, blank=True)
    owner = models.CharField(_("ansvarig"), max_length=200, blank=True)
    measure = models.TextField(_("vidtagna eller planerade åtgärder"), blank=True)
    completed_on = models.DateField(_("åtgärdad"), null=True, blank=True)

    class Meta:
        ordering = ["document", "pk"]
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")

    def __str__(self) -> str:
        return self.text[:80]
