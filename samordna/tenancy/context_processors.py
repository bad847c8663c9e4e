"""The menu: derived from the permission table, so that a role sees only what it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions
from .permissions import Capability

# (capability, url name, label) in menu order. Later apps append their entries here.
MENU = [
    (Capability.VIEW_DASHBOARD, "tenancy:dashboard", _("Översikt")),
    (Capability.VIEW_CATALOGUE, "interventions:catalogue", _("Insatskatalog")),
    (Capability.VIEW_APPLICATIONS, "applications:list", _("Ansökningar")),
    (Capability.VIEW_MEETINGS, "meetings:list", _("Sammanträden")),
    (Capability.HANDLE_PARTICIPANTS, "participants:caseload", _("Mina deltagare")),
    (Capability.IMPORT_PARTICIPANTS, "participants:import", _("Importera deltagare")),
    (Capability.VIEW_FORBUND, "tenancy:forbund", _("Förbundet")),
    (Capability.VIEW_USERS, "tenancy:users", _("Användare och roller")),
    (Capability.VIEW_AUDIT_LOG, "audit:log", _("Logg")),
    (Capability.MANAGE_PRIVACY, "privacy:overview", _("Dataskydd")),
    (Capability.VIEW_PROCESSING_RECORDS, "privacy:processing", _("Behandlingar av personuppgifter")),
    (Capability.VIEW_AUDIT_LOG, "notifications:mail_log", _("Skickad e-post")),
    (Capability.VIEW_FINANCE, "finance:economy", _("Ekonomi")),
    (Capability.VIEW_OWN_INSATS_FINANCE, "finance:my_insatser", _("Insatsernas ekonomi")),
    (Capability.VIEW_REPORTING, "reporting:obligations", _("Rapportering")),
    (Capability.SUBMIT_INSATS_REPORTS, "reporting:my_reports", _("Insatsrapporter")),
    (Capability.VIEW_STATISTICS, "stats:participants", _("Statistik")),
    (Capability.MANAGE_INSTRUMENTS, "instruments:definitions", _("Skalor och enkäter")),
    (Capability.VIEW_TEAMS, "openentry:overview", _("Samverkansteam")),
    (Capability.FILE_INTAKE_REQUEST, "openentry:file", _("Ansök om stöd i planering")),
    (Capability.HANDLE_PARTICIPANTS, "openentry:referrals", _("Remisser från teamet")),
    (Capability.HANDLE_PARTICIPANTS, "openentry:placements", _("Placeringar")),
    (Capability.VIEW_SYSTEM_GAPS, "openentry:gaps", _("Systemfel")),
    (Capability.VIEW_CATALOGUE, "openentry:catalogue", _("Sök stöd i katalogen")),
    (Capability.MANAGE_TEAMS, "openentry:setup", _("Team och katalog")),
]


# The pages of open entry, shown only in a förbund that has a collaboration team; its admin sets the first one up
# under "Team och katalog".
OPEN_ENTRY = frozenset(
    {
        "openentry:overview",
        "openentry:file",
        "openentry:referrals",
        "openentry:placements",
        "openentry:gaps",
        "openentry:catalogue",
    }
)


def menu_for(user, forbund) -> list[dict]:
    held = permissions.roles_in(user, forbund)
    allowed = [(name, label) for capability, name, label in MENU if permissions.POLICY[capability] & held]
    if any(name in OPEN_ENTRY for name, _label in allowed) and not forbund.teams.exists():
        allowed = [(name, label) for name, label in allowed if name not in OPEN_ENTRY]
    return [
        {"url": reverse(name, kwargs={"forbund_slug": forbund.slug}), "label": label, "name": name}
        for name, label in allowed
    ]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    forbund = getattr(request, "forbund", None)
    return {
        "current_forbund": forbund,
        "my_forbund": permissions.forbund_of_user(user),
        "menu": menu_for(user, forbund) if forbund is not None else [],
        "current_roles": sorted(permissions.roles_in(user, forbund)) if forbund is not None else [],
    }
