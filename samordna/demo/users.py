"""The demo logins: one user per role, a shared demo password and pre-enrolled one-time-code secrets.

These exist only in demo mode (`settings.DEMO_MODE`); `samordna demo` refuses to run otherwise.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from samordna.tenancy.models import Role

DEMO_PASSWORD = "Samordna-demo-2026"  # printed demo login, loaded only in demo mode  # nosec B105
# The participant handler of most of Uppsala län's present insatser. Those are created by `demo.present.uppsala`
# after the logins, dated from the day the demo runs, so that module gives this user the role over them (and adds
# the successor of 2017:48 to the role of `deltagaransvarig`).
PRESENT_HANDLER_UPPSALA = "deltagaransvarig3"
PRESENT_HANDLER_SKELLEFTEA = "deltagaransvarig4"
# The handler of Kävlinge-Lomma's present insats (`demo.present.quiet_year`).
PRESENT_HANDLER_QUIET = "deltagaransvarig5"


def demo_totp_secret(username: str) -> str:
    """A fixed secret per demo user, so that the printed secret stays valid across `samordna demo --reset`."""
    digest = hashlib.sha256(f"samordna-demo-totp:{username}".encode()).digest()
    return base64.b32encode(digest).decode()[:32]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    # (förbund slug, role, registration numbers of the insatser the role is limited to)
    roles: list[tuple[str, Role, tuple[str, ...]]] = field(default_factory=list)
    system_admin: bool = False
    totp: bool = False


DEMO_USERS: list[DemoUser] = [
    DemoUser("systemadmin", "Sigrid", "Systemsson", [], system_admin=True, totp=True),
    DemoUser(
        "forbundschef",
        "Fredrika",
        "Förbundschef",
        [
            ("skelleftea-norsjo", Role.FORBUND_ADMIN, ()),
            ("kavlinge-lomma", Role.FORBUND_ADMIN, ()),
            ("ostra-ostergotland", Role.FORBUND_ADMIN, ()),
            # Uppsala län has the participant volume: the admin sees its statistics suppressed, never a person.
            ("uppsala-lan", Role.FORBUND_ADMIN, ()),
        ],
        totp=True,
    ),
    DemoUser("kansli", "Karin", "Kanslisson", [("skelleftea-norsjo", Role.OFFICE, ())], totp=True),
    DemoUser("styrelse", "Stig", "Styrelsesson", [("skelleftea-norsjo", Role.BOARD_MEMBER, ())]),
    DemoUser("justerare", "Jenny", "Justerare", [("skelleftea-norsjo", Role.BOARD_MEMBER, ())]),
    # The other sitting ledamöter of Skellefteå-Norsjö, so that each of them can sign the annual accounts.
    DemoUser("ledamot-region", "Anders", "Nyström", [("skelleftea-norsjo", Role.BOARD_MEMBER, ())]),
    DemoUser("ledamot-fk", "Lena", "Holmström", [("skelleftea-norsjo", Role.BOARD_MEMBER, ())]),
    DemoUser("ledamot-af", "Peter", "Sandström", [("skelleftea-norsjo", Role.BOARD_MEMBER, ())]),
    DemoUser("beredning", "Bertil", "Beredare", [("skelleftea-norsjo", Role.PREPARATORY, ())]),
    DemoUser(
        "insatsansvarig", "Inga", "Insatsdotter", [("uppsala-lan", Role.INTERVENTION_MANAGER, ("2017:48", "2018:5"))]
    ),
    DemoUser(
        "deltagaransvarig",
        "Dalia",
        "Deltagare",
        [("uppsala-lan", Role.PARTICIPANT_HANDLER, ("2017:48",))],
        totp=True,
    ),
    DemoUser(
        "deltagaransvarig2",
        "Hugo",
        "Handläggarsson",
        [("uppsala-lan", Role.PARTICIPANT_HANDLER, ("2019:3",))],
        totp=True,
    ),
    # No role here: `demo.present.uppsala` makes this user participant handler of the insatser it creates.
    DemoUser(PRESENT_HANDLER_UPPSALA, "Vera", "Vägledare", [], totp=True),
    # The handler of Skellefteå-Norsjö's youth insats; present/skelleftea_stays.py gives the role.
    DemoUser(PRESENT_HANDLER_SKELLEFTEA, "Sixten", "Stödsson", [], totp=True),
    # The handler of Kävlinge-Lomma's present insats; present/quiet_year.py gives the role.
    DemoUser(PRESENT_HANDLER_QUIET, "Kajsa", "Koordinator", [], totp=True),
    DemoUser("sokande", "Sune", "Sökandesson", [("skelleftea-norsjo", Role.APPLICANT, ())]),
    DemoUser("revisor", "Rut", "Revisor", [("skelleftea-norsjo", Role.AUDITOR, ())]),
    DemoUser(
        "dataskyddsombud",
        "Dagny",
        "Dataskydd",
        [("kavlinge-lomma", Role.DPO, ()), ("skelleftea-norsjo", Role.DPO, ())],
        totp=True,
    ),
    # Östra Östergötland: the Samverkansteam of Plattform Norrköping (openentry.demo gives them their seats).
    DemoUser("samtalsledare", "Siv", "Samtalsledare", [("ostra-ostergotland", Role.PREPARATORY, ())], totp=True),
    DemoUser("team-fk", "Frans", "Försäkringsson", [("ostra-ostergotland", Role.PREPARATORY, ())], totp=True),
    DemoUser("team-af", "Alma", "Arbetsdotter", [("ostra-ostergotland", Role.PREPARATORY, ())], totp=True),
    DemoUser("team-region", "Rikard", "Regionsson", [("ostra-ostergotland", Role.PREPARATORY, ())], totp=True),
    DemoUser("team-kommun", "Kim", "Kommunsson", [("ostra-ostergotland", Role.PREPARATORY, ())], totp=True),
    DemoUser(
        "plattform",
        "Petra",
        "Plattformsdotter",
        [("ostra-ostergotland", Role.PARTICIPANT_HANDLER, ("2014:1",))],
        totp=True,
    ),
]
