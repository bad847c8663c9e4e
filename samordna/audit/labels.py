"""Readable Swedish labels for the logs' codes: what happened, to what kind of record, and what changed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# What the first part of an event's code is about.
AREAS = {
    "account_mapping": _("Kontoplan"),
    "actual": _("Utfall"),
    "agenda_item": _("Dagordningspunkt"),
    "application": _("Ansökan"),
    "assignment": _("Uppdrag"),
    "audit_document": _("Revisionsdokument"),
    "audit_recommendation": _("Revisionens rekommendation"),
    "board_seat": _("Styrelseplats"),
    "budget_line": _("Budgetrad"),
    "budget_year": _("Budgetår"),
    "catalogue": _("Katalog"),
    "contribution": _("Medlemsbidrag"),
    "forbund": _("Förbundet"),
    "forbund_report": _("Förbundets rapport"),
    "forecast": _("Prognos"),
    "gap": _("Systemfel"),
    "grant": _("Beviljade medel"),
    "instrument": _("Skala eller enkät"),
    "intake": _("Ansökan om stöd i planering"),
    "intervention": _("Insats"),
    "intervention_budget": _("Insatsens budget"),
    "invoice": _("Faktura"),
    "kommun": _("Kommun"),
    "login": _("Inloggning"),
    "meeting": _("Sammanträde"),
    "member": _("Medlem"),
    "minutes": _("Protokoll"),
    "paragraph": _("Paragraf"),
    "participant": _("Deltagare"),
    "participants": _("Deltagarfil"),
    "participation": _("Deltagande"),
    "placement": _("Placering"),
    "prestep": _("Förberedande steg"),
    "report": _("Insatsrapport"),
    "retention": _("Gallring"),
    "role": _("Roll"),
    "samsip": _("SAMSIP"),
    "stats": _("Statistik"),
    "statutes": _("Förbundsordning"),
    "team": _("Samverkansteam"),
    "totp": _("Tvåstegsinloggning"),
    "user": _("Användare"),
}

# Whole codes whose meaning is more than area + verb.
EVENTS = {
    "participant.consent_withdrawn": _("Deltagare: samtycket återkallat, uppgifterna anonymiserade"),
    "participant.erased": _("Deltagare: personuppgifterna raderade på begäran"),
    "participant.retention": _("Deltagare: anonymiserad enligt gallringsplanen"),
    "participants.import": _("Deltagarfil: importerad"),
    "participants.export": _("Deltagarfil: exporterad"),
    "participation.enrol": _("Deltagande: inskrivning"),
    "participation.discharge": _("Deltagande: utskrivning"),
    "participation.sip": _("Deltagande: SIP-möte registrerat"),
    "participation.plan": _("Deltagande: handlingsplan reviderad"),
    "participation.follow_up": _("Deltagande: uppföljning registrerad"),
    "retention.plan": _("Gallring: gallringsplanen fastställd"),
    "retention.run": _("Gallring: gallring körd"),
    "stats.unsuppressed_report": _("Statistik: rapport med exakta tal"),
    "login.success": _("Inloggning: lyckad"),
    "login.locked": _("Inloggning: kontot spärrat"),
    "totp.enrol": _("Tvåstegsinloggning: aktiverad"),
    "privacy.extract": _("Dataskydd: registerutdrag skapat"),
    "intervention.controller": _("Insats: personuppgiftsansvarig angiven"),
    "role.employer": _("Roll: arbetsgivare för deltagaransvarig angiven"),
    "member.dpo": _("Medlem: dataskyddsombud angivet"),
    "forbund.dpo": _("Förbundet: dataskyddsombud angivet"),
}

# The last part of a code: what was done.
VERBS = {
    "add": _("tillagd"),
    "adopt": _("fastställd"),
    "answer": _("besvarad"),
    "answers": _("svar sparade"),
    "assign": _("tilldelad"),
    "create": _("skapad"),
    "decide": _("beslutad"),
    "define": _("definierad"),
    "end": _("avslutad"),
    "file": _("inlämnad"),
    "give": _("givet"),
    "import": _("importerat"),
    "lock": _("låst"),
    "register": _("registrerat"),
    "remove": _("borttagen"),
    "reopen": _("öppnat igen"),
    "respond": _("besvarat"),
    "revoke": _("återkallad"),
    "save": _("sparad"),
    "set": _("satt"),
    "sign": _("signerad"),
    "start": _("påbörjad"),
    "submit": _("inlämnad"),
    "update": _("ändrad"),
    "withdraw": _("återkallad"),
}

# The keys of an event's changes.
FIELDS = {
    "anonymised": _("anonymiserade"),
    "created": _("nya"),
    "cutoff": _("gräns"),
    "decided_on": _("beslutad"),
    "discharge_date": _("utskrivningsdatum"),
    "enrolment_date": _("inskrivningsdatum"),
    "file": _("fil"),
    "format": _("format"),
    "held_on": _("datum"),
    "identity": _("identitet"),
    "identity_removed": _("identitet borttagen"),
    "income_after": _("försörjning efter"),
    "insats": _("insats"),
    "kind": _("slag"),
    "notes_removed": _("anteckningar borttagna"),
    "occupation_after": _("sysselsättning efter"),
    "participant": _("deltagare"),
    "parties": _("parter"),
    "reason": _("orsak"),
    "received_on": _("begäran mottagen"),
    "revised_on": _("reviderad"),
    "rows": _("rader"),
    "stays_kept": _("deltaganden kvar"),
    "unchanged": _("oförändrade"),
    "updated": _("ändrade"),
    "withdrawn": _("återkallade, oförändrade"),
    "withdrawn_on": _("återkallat"),
    "years_after_discharge": _("år efter utskrivning"),
    "contacted_on": _("datum"),
    "controller_kind": _("personuppgiftsansvarig"),
    "controllers": _("ansvariga medlemmar"),
    "forbund_reason": _("skäl till att förbundet är ansvarigt"),
    "answers_requests": _("besvarar begäranden"),
    "informs_subjects": _("informerar de registrerade"),
    "agreement_date": _("avtalet daterat"),
    "agreement_reference": _("avtalets beteckning"),
    "employer": _("anställd av"),
    "dpo_name": _("dataskyddsombud"),
    "dpo_email": _("dataskyddsombudets e-post"),
    "dpo_phone": _("dataskyddsombudets telefon"),
}

# Kinds of record in the read log.
OBJECT_TYPES = {
    "participants.Participant": _("Deltagare"),
    "participants.Participation": _("Deltagande"),
    "stats.exact": _("Statistik med exakta tal"),
    "participants.export": _("Export av deltagare"),
    "privacy.extract": _("Registerutdrag"),
    "audit.ReadLogEntry": _("Sökning i läsloggen på personnummer"),
}


def event_label(action: str) -> str:
    if action in EVENTS:
        return str(EVENTS[action])
    parts = action.split(".")
    area = AREAS.get(parts[0])
    verb = VERBS.get(parts[-1])
    if area is None:
        return str(_("Annan händelse"))
    return f"{area}: {verb}" if verb is not None else f"{area}: {_('ändring')}"


def _value(value: Any) -> str:
    if value is True:
        return str(_("ja"))
    if value is False:
        return str(_("nej"))
    if value is None or value == "":
        return "–"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def change_lines(changes: dict) -> list[tuple[str, str]]:
    """(label, value) for each change, in the order recorded; a change of a field as "old → new"."""
    lines = []
    for key, value in (changes or {}).items():
        label = str(FIELDS.get(key, key.replace("_", " ")))
        if isinstance(value, list) and len(value) == 2 and key not in ("parties",):
            lines.append((label, f"{_value(value[0])} → {_value(value[1])}"))
        else:
            lines.append((label, _value(value)))
    return lines


def object_type_label(object_type: str) -> str:
    return str(OBJECT_TYPES.get(object_type, _("Personuppgifter")))
