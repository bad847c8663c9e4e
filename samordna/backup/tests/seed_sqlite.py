"""Run as `python -m samordna.backup.tests.seed_sqlite N`: migrate the database of SAMORDNA_VAR_DIR and give it
förbund "alfa" with insats 2017:48 and N anonymous stays in insats 2019:3, for the interrupted-job tests."""

import datetime as dt
import os
import sys
import uuid

import django


def main(stays: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    django.setup()
    from django.core.management import call_command

    from samordna.interventions.actions import set_data_controller
    from samordna.interventions.models import ControllerKind, Intervention, InterventionKind
    from samordna.participants.models import Participant, Participation
    from samordna.tenancy import actions
    from samordna.tenancy.models import Kommun, PartyType

    call_command("migrate", verbosity=0)
    kommun = Kommun.objects.create(code="2482", name="Skellefteå")
    alfa = actions.create_forbund(None, slug="alfa", name="Alfa", founded=dt.date(2008, 1, 1), kommuner=[kommun])
    owner = actions.add_member(None, alfa, party_type=PartyType.KOMMUN, name="Skellefteå kommun", kommun=kommun)
    common = {"forbund": alfa, "owner": owner, "kind": InterventionKind.INDIVIDUAL, "start_date": dt.date(2018, 1, 1)}
    first = Intervention.objects.create(registration_no="2017:48", name="Väg in", **common)
    other = Intervention.objects.create(registration_no="2019:3", name="Andra", **common)
    for insats in (first, other):  # participants are enrolled only where a controller is named
        set_data_controller(None, insats, kind=ControllerKind.MEMBERS, members=[owner])
    people = [
        Participant(id=uuid.uuid4(), forbund=alfa, identity_mode="ANONYMOUS", sex="KM"[i % 2], birth_year=1980)
        for i in range(stays)
    ]
    Participant.objects.bulk_create(people, batch_size=2000)
    Participation.objects.bulk_create(
        [
            Participation(
                id=uuid.uuid4(),
                participant=person,
                intervention=other,
                forbund=alfa,
                enrolment_date=dt.date(2019, 1, 1) + dt.timedelta(days=i % 700),
                referrer="AF",
                income_before="INGEN",
                occupation_before="OKAND",
                anonymous_key=f"seed-{i}",
                age_at_enrolment=39,
            )
            for i, person in enumerate(people)
        ],
        batch_size=2000,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
