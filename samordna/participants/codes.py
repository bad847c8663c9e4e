"""The codes of the participant import contract (issue 3), used by the models, the forms and the file format."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    WOMAN = "K", _("Kvinna")
    MAN = "M", _("Man")


class Referrer(models.TextChoices):
    FK = "FK", _("Försäkringskassan")
    AF = "AF", _("Arbetsförmedlingen")
    REGION = "REGION", _("Region")
    KOMMUN = "KOMMUN", _("Kommun")
    ANNAN = "ANNAN", _("Annan")
    EGEN = "EGEN", _("Egen anmälan")


class IncomeSource(models.TextChoices):
    LON = "LON", _("Lön")
    SJUKPENNING = "SJUKPENNING", _("Sjukpenning")
    REHABILITERINGSERSATTNING = "REHABILITERINGSERSATTNING", _("Rehabiliteringsersättning")
    SJUKERSATTNING = "SJUKERSATTNING", _("Sjukersättning")
    AKTIVITETSERSATTNING = "AKTIVITETSERSATTNING", _("Aktivitetsersättning")
    AKTIVITETSSTOD = "AKTIVITETSSTOD", _("Aktivitetsstöd")
    A_KASSA = "A_KASSA", _("A-kassa")
    FORSORJNINGSSTOD = "FORSORJNINGSSTOD", _("Försörjningsstöd")
    ETABLERINGSERSATTNING = "ETABLERINGSERSATTNING", _("Etableringsersättning")
    STUDIEMEDEL = "STUDIEMEDEL", _("Studiemedel")
    INGEN = "INGEN", _("Ingen offentlig försörjning")
    OKAND = "OKAND", _("Okänd")


class OccupationBefore(models.TextChoices):
    ARBETE = "ARBETE", _("Arbete")
    SUBVENTIONERAT_ARBETE = "SUBVENTIONERAT_ARBETE", _("Subventionerat arbete")
    STUDIER = "STUDIER", _("Studier")
    ARBETSSOKANDE = "ARBETSSOKANDE", _("Arbetssökande")
    INGEN_SYSSELSATTNING = "INGEN_SYSSELSATTNING", _("Ingen sysselsättning")
    OKAND = "OKAND", _("Okänd")


class OccupationAfter(models.TextChoices):
    ARBETE = "ARBETE", _("Arbete")
    SUBVENTIONERAT_ARBETE = "SUBVENTIONERAT_ARBETE", _("Subventionerat arbete")
    STUDIER = "STUDIER", _("Studier")
    ARBETSSOKANDE = "ARBETSSOKANDE", _("Arbetssökande")
    INGEN_SYSSELSATTNING = "INGEN_SYSSELSATTNING", _("Ingen sysselsättning")
    OKAND = "OKAND", _("Okänd")
    ANNAN_INSATS = "ANNAN_INSATS", _("Annan insats")


class DischargeReason(models.TextChoices):
    FULLFOLJD = "FULLFOLJD", _("Fullföljd")
    AVBRUTEN = "AVBRUTEN", _("Avbruten")
    FELREGISTRERING = "FELREGISTRERING", _("Felregistrering")
    OVRIGT = "OVRIGT", _("Övrigt")


class Education(models.TextChoices):
    FORGYMNASIAL = "FORGYMNASIAL", _("Förgymnasial")
    GYMNASIAL = "GYMNASIAL", _("Gymnasial")
    EFTERGYMNASIAL = "EFTERGYMNASIAL", _("Eftergymnasial")
    OKAND = "OKAND", _("Okänd")


class ConsentMethod(models.TextChoices):
    WRITTEN = "WRITTEN", _("Skriftligt")
    DIGITAL = "DIGITAL", _("Digitalt")
    ORAL = "ORAL", _("Muntligt, dokumenterat")
    IMPORTED = "IMPORTED", _("Registrerat i tidigare system")


class FollowUpKind(models.TextChoices):
    CONTACT = "CONTACT", _("Uppföljningskontakt")
    SIX_MONTHS = "SIX_MONTHS", _("Uppföljning sex månader efter utskrivning")
