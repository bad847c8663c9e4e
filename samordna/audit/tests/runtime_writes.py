"""Ordinary application writes on the database of DATABASE_URL, with the client's clock set back to 2001.

    python -m samordna.audit.tests.runtime_writes

Prints, as JSON, the times of the log rows written, as the inserts returned them.
"""

import datetime as dt
import json
import os
from unittest import mock

import django

BACKDATED = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    django.setup()
    from samordna.audit.actions import log_read
    from samordna.tenancy import actions
    from samordna.tenancy.models import Kommun, PartyType

    with mock.patch("django.utils.timezone.now", return_value=BACKDATED):
        kommun = Kommun.objects.create(code="2482", name="Skellefteå")
        forbund = actions.create_forbund(
            None, slug="alfa", name="Alfa samordningsförbund", founded=dt.date(2008, 1, 1), kommuner=[kommun]
        )
        actions.add_member(None, forbund, party_type=PartyType.FK, name="Försäkringskassan")
        user = actions.create_user(None, forbund, username="handlaggare", password="Ett-långt-testlösenord-42")
        actions.register_failed_login("handlaggare", "192.0.2.1", user)
        actions.register_successful_login(user, second_factor=False)
        read = log_read(user, forbund, "participants.Participant", object_id="D-1", purpose="test")
    from samordna.audit.models import AuditEvent

    print(json.dumps({"events": AuditEvent.objects.count(), "read_at": read.at.isoformat()}))


if __name__ == "__main__":
    main()
