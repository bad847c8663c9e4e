"""Every URL pattern of the project, enumerated from the resolver, with sample arguments from the test world.

New URL keyword arguments need a sample here; the isolation and menu tests fail until they have one,
so that no new page escapes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    kwargs: tuple[str, ...]

    def fill(self, values: dict[str, object]) -> str:
        path = self.route
        for key in self.kwargs:
            value = values[key]
            for converter in ("", "slug:", "int:", "str:", "uuid:", "path:"):
                path = path.replace(f"<{converter}{key}>", str(value))
        return "/" + path


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def all_routes() -> list[Route]:
    """Every route but Django's admin, which is closed to all but system admins (tested on its own)."""
    from django.conf import settings

    routes = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(settings.ADMIN_URL) or "(?P<" in route:
            continue
        kwargs = tuple(sorted(pattern.pattern.converters)) or tuple(
            part.split(">")[0].split(":")[-1] for part in route.split("<")[1:]
        )
        name = f"{namespace}{pattern.name}" if pattern.name else ""
        routes.append(Route(route=route, name=name, kwargs=kwargs))
    return routes


def sample_values(world) -> dict[str, object]:
    """Values for every URL keyword argument, all pointing into förbund A."""
    from samordna.tenancy.models import RoleAssignment

    stay = _sample_participation(world)
    own: dict[str, Callable[[], object]] = {
        "forbund_slug": lambda: world.a.slug,
        "assignment_id": lambda: RoleAssignment.objects.filter(forbund=world.a).values_list("pk", flat=True).first(),
        "intervention_id": lambda: world.insats_a.pk,
        "participant_id": lambda: stay.participant_id,
        "participation_id": lambda: stay.pk,
        "invoice_id": lambda: _sample_invoice(world).pk,
        "member_id": lambda: world.members_a["fk"].pk,
        "report_id": lambda: _sample_report(world).pk,
        "forbund_report_id": lambda: _sample_forbund_report(world).pk,
        "volume_id": lambda: _sample_volume(world).pk,
        "scale_id": lambda: _sample_scale(world).pk,
        "survey_id": lambda: _sample_survey(world).pk,
        "handout_id": lambda: _sample_handout(world).pk,
        "user_id": lambda: _sample_user(world).pk,
        "seat_id": lambda: _sample_seat(world).pk,
        "preparatory_id": lambda: _sample_preparatory(world).pk,
        "uidb64": lambda: "MQ",
        "token": lambda: "ogiltig-lank",
        "job_id": lambda: _sample_job(world).pk,
        "controller": lambda: str(world.members_a["2482"].pk),
    }
    samples: dict[str, Callable[[], object]] = {}
    # Two apps using the same keyword for different records would make one of them test the wrong record.
    for part in (own, _meeting_samples(world), _openentry_samples(world)):
        clash = samples.keys() & part.keys()
        assert not clash, f"URL keyword used by two apps for different records: {sorted(clash)}"
        samples.update(part)
    return {key: make() for key, make in samples.items()}


def _meeting_samples(world) -> dict[str, Callable[[], object]]:
    """An application, a meeting with minutes, a paragraph and a signer, all in förbund A."""
    import datetime as dt

    from samordna.applications import actions as application_actions
    from samordna.meetings import actions as meeting_actions
    from samordna.meetings.models import SignerRole

    made: dict[str, Any] = {}

    def minutes():
        if "minutes" not in made:
            meeting = meeting_actions.plan_meeting(None, world.a, date=dt.date(2015, 4, 23))
            made["minutes"] = meeting_actions.start_minutes(None, meeting)
        return made["minutes"]

    def application():
        if "application" not in made:
            made["application"] = application_actions.create_application(None, world.a, title="Alfas ansökan")
        return made["application"]

    def item():
        if "item" not in made:
            made["item"] = meeting_actions.add_agenda_item(None, minutes().meeting, title="Alfas ärende")
        return made["item"]

    def pdf(name):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, b"%PDF-1.4 Alfas bilaga", content_type="application/pdf")

    return {
        "application_id": lambda: application().pk,
        "attachment_id": lambda: application_actions.attach(None, application(), pdf("alfa.pdf")).pk,
        "board_assignment_id": lambda: (
            meeting_actions.give_assignment(
                None,
                meeting_actions.add_paragraph(None, minutes(), title="Alfas uppdrag"),
                assignee="Alfas chef",
                description="Utred",
            ).pk
        ),
        "item_attachment_id": lambda: meeting_actions.attach_to_item(None, item(), pdf("alfa-arende.pdf")).pk,
        "transition": lambda: "submit",
        "meeting_id": lambda: minutes().meeting_id,
        "action": lambda: "add_paragraph",
        "paragraph_id": lambda: meeting_actions.add_paragraph(None, minutes(), title="Alfas paragraf").pk,
        "signer_id": lambda: (
            meeting_actions.set_signer(None, minutes(), role=SignerRole.CHAIR, person_name="Alfas ordförande").pk
        ),
        "agenda_item_id": lambda: item().pk,
        "change": lambda: "up",
        "template_item_id": lambda: meeting_actions.ensure_template(world.a)[0].pk,
        "board_slug": lambda: world.a.slug,
        "notice_id": lambda: _sample_notice(world),
        "attendance_id": lambda: (
            meeting_actions.record_attendance(None, minutes(), person_name="Alfas ledamot", category="VOTING").pk
        ),
    }


def _sample_user(world):
    """A login with a role in förbund A only, that no persona depends on."""
    from samordna.tenancy import actions as tenancy_actions
    from samordna.tenancy.models import Role

    user = tenancy_actions.create_user(None, None, username="alfa-handlaggare", password="Gron-Tomat-Segel-2026")
    tenancy_actions.assign_role(None, world.a, user, Role.APPLICANT)
    return user


def _sample_seat(world):
    import datetime as dt

    from samordna.tenancy import actions as tenancy_actions

    return tenancy_actions.add_board_seat(
        None,
        world.members_a["fk"],
        person_name="Alfas ledamot",
        role="LEDAMOT",
        term_start=dt.date(2023, 4, 1),
        term_end=dt.date(2027, 3, 31),
    )


def _sample_preparatory(world):
    import datetime as dt

    from samordna.tenancy.models import PreparatoryMember

    return PreparatoryMember.objects.create(forbund=world.a, person_name="Alfas beredare", joined=dt.date(2020, 1, 1))


def _sample_notice(world) -> int:
    """A notice on förbund A's public board: minutes of a meeting before the other samples', justered and posted."""
    import datetime as dt

    from django.utils import timezone

    from samordna.meetings import actions, queries
    from samordna.meetings.models import SignerRole
    from samordna.meetings.signing import RecordedSigner

    minutes = actions.start_minutes(None, actions.plan_meeting(None, world.a, date=dt.date(2015, 3, 12)))
    for name, member in (("Alfas ordförande", "2482"), ("Alfas justerare", "2417"), ("Alfas tredje", "region")):
        actions.record_attendance(None, minutes, person_name=name, category="VOTING", member=world.members_a[member])
    actions.add_paragraph(None, minutes, title="Alfas anslagna paragraf", decision_clauses=["godkänna"])
    for role, name in ((SignerRole.CHAIR, "Alfas ordförande"), (SignerRole.ADJUSTER, "Alfas justerare")):
        actions.set_signer(None, minutes, role=role, person_name=name)
    actions.set_signer(None, minutes, role=SignerRole.SECRETARY, person_name="Alfas sekreterare")
    actions.mark_ready(None, minutes)
    for slot in minutes.signers.all():
        actions.sign(None, slot, signer=RecordedSigner("BankID"), signed_at=timezone.now() - dt.timedelta(days=3))
    minutes.refresh_from_db()
    posted = timezone.localdate() - dt.timedelta(days=2)
    return actions.post_certificate(
        None,
        minutes,
        posted_on=posted,
        taken_down_on=queries.earliest_take_down(posted),
        storage_place="Alfas kansli",
        notice_board="Alfas anslagstavla",
    ).pk


def _sample_participation(world):
    """An identified participant in förbund A's insats, enrolled once per test world."""
    import datetime as dt

    from samordna.participants import actions
    from samordna.participants.models import Participation

    existing = Participation.objects.filter(intervention=world.insats_a).first()
    if existing is not None:
        return existing
    return actions.enrol(
        None,
        world.a,
        intervention=world.insats_a,
        enrolment_date=dt.date(2019, 3, 1),
        referrer="AF",
        income_before="A_KASSA",
        occupation_before="ARBETSSOKANDE",
        personnummer="19121212-1212",
        name="Alfas hemliga deltagare",
        consent_given_on=dt.date(2019, 3, 1),
        consent_method="WRITTEN",
    )


def _sample_job(world):
    """A finished export of the participant handler's, with its file: only the handler may see either."""
    from samordna.jobs.files import output_path
    from samordna.jobs.models import Job, JobKind, JobState

    job = Job.objects.create(
        owner=world.people.handler, forbund=world.a, kind=JobKind.FINSAM_EXPORT, state=JobState.DONE, summary="ok"
    )
    output_path(job.pk, "uppfoljning.csv").write_text("antal;1\n", encoding="utf-8")
    Job.objects.filter(pk=job.pk).update(output=f"{job.pk}/uppfoljning.csv")
    return job


def _sample_invoice(world):
    """An invoice draft to Försäkringskassan, with what its PDF and e-invoice need filled in."""
    from samordna.finance import actions as finance_actions
    from samordna.tenancy.models import Forbund, Member

    Forbund.objects.filter(pk=world.a.pk).update(
        org_number="222000-4564", address="Storgatan 1", postal_code="931 30", city="Skellefteå", bankgiro="123-4566"
    )
    Member.objects.filter(pk=world.members_a["fk"].pk).update(
        org_number="202100-5521", address="Box 1", postal_code="931 85", city="Skellefteå", invoice_reference="R-1"
    )
    finance_actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    return finance_actions.create_invoices(None, world.a, 2015)[0]


def _sample_volume(world):
    """A volume count of förbund A's structural insats."""
    import datetime as dt

    from samordna.interventions import actions as intervention_actions

    return intervention_actions.record_volume_count(
        None,
        world.other_insats_a,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 6, 30),
        member=world.members_a["fk"],
        sex="K",
        count=12,
    )


def _sample_scale(world):
    from samordna.instruments import actions as instrument_actions

    return instrument_actions.define_progression_scale(
        None, world.a, name="Alfas skala", respondent="STAFF", items=["Fråga ett", "Fråga två"]
    )


def _sample_survey(world):
    from samordna.instruments import actions as instrument_actions

    return instrument_actions.define_survey(
        None, world.a, code="alfa-enkat", title="Alfas enkät", respondent_group="Deltagare", questions=["Fråga"]
    )


def _sample_handout(world):
    from samordna.instruments import actions as instrument_actions
    from samordna.instruments.models import IndicatorSurvey

    survey = IndicatorSurvey.objects.filter(forbund=world.a, code="alfa-enkat").first() or _sample_survey(world)
    return instrument_actions.create_handout(None, world.insats_a, survey=survey, count=2)


def _sample_report(world):
    from samordna.reporting import actions as reporting_actions

    return reporting_actions.set_requirements(None, world.insats_a, kinds=("FINAL",))[0]


def _sample_forbund_report(world):
    from samordna.reporting import actions as reporting_actions

    return reporting_actions.create_forbund_report(None, world.a, "ANNUAL", 2015)


def _openentry_samples(world) -> dict[str, Callable[[], object]]:
    """A team with a meeting, a recommended request with an insats referral and a pre-step, and a system gap."""
    import datetime as dt

    from samordna.openentry import actions as entry_actions
    from samordna.openentry.models import RecommendationPart

    made: dict[str, Any] = {}

    def team():
        if "team" not in made:
            made["team"] = entry_actions.create_team(None, world.a, name="Alfas samverkansteam")
            made["meeting"] = entry_actions.schedule_meetings(None, made["team"], start=dt.date(2018, 1, 8), weeks=1)[0]
        return made["team"]

    def request():
        if "request" not in made:
            intake = entry_actions.file_request(
                None,
                world.a,
                team=team(),
                filing_member=world.members_a["af"],
                contact_name="Alfas kontakt",
                consent_given_on=dt.date(2018, 1, 2),
                consent_method="WRITTEN",
                person_name="Alfas hemliga deltagare",
                personnummer="19121212-1212",
                wanted_support="Stöd",
                resources="Resurser",
                received_on=dt.date(2018, 1, 3),
                channel="PAPER",
                filed_by=world.people.office,
            )
            item = entry_actions.put_on_agenda(None, intake, made["meeting"])
            entry_actions.record_outcome(
                None,
                item,
                outcome="RECOMMENDED",
                person_present=True,
                parts=[{"kind": "INSATS", "intervention": world.insats_a}, {"kind": "PRESTEP"}],
            )
            prestep = entry_actions.create_prestep(None, world.a, name="Alfas försteg", entry_criteria="-", goal="-")
            made["stay"] = entry_actions.start_prestep(None, intake, prestep=prestep, started_on=dt.date(2018, 2, 1))
            made["item"] = item
            made["request"] = intake
        return made["request"]

    return {
        "team_id": lambda: team().pk,
        "team_meeting_id": lambda: (team(), made["meeting"])[1].pk,
        "request_id": lambda: request().pk,
        "item_id": lambda: (request(), made["item"])[1].pk,
        "part_id": lambda: RecommendationPart.objects.get(item__request=request(), kind="INSATS").pk,
        "stay_id": lambda: (request(), made["stay"])[1].pk,
        "gap_id": lambda: (
            entry_actions.report_gap(
                None,
                team(),
                found_on=dt.date(2018, 2, 1),
                description="Alfas systemfel",
                sent_to=world.members_a["fk"],
                sent_on=dt.date(2018, 2, 2),
            ).pk
        ),
        "entry_id": lambda: (
            entry_actions.create_catalogue_entry(
                None, world.a, kind="ORDINARY", name="Alfas ordinarie stöd", provider=world.members_a["af"]
            ).pk
        ),
    }
