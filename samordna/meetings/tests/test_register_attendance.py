"""Attendance from the board register: seats present or absent, ersättare serving only for an absent ledamot of
their member, one vote per member, the quorum, and who took no part in one paragraph (R15)."""

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.meetings import actions, queries
from samordna.meetings.actions import SeatStatus
from samordna.meetings.models import AbsenceReason, Attendance, AttendanceCategory, Paragraph

from .helpers import attend, minutes_for, register, seat_board


def snapshot(minutes):
    return sorted(minutes.attendance.values_list("person_name", "category", "serving_for"))


def test_an_ersattare_serves_for_the_absent_ledamot_of_the_same_member(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)

    register(minutes, seats, absent={"Lena Holm"}, serving={"Håkan Jansson"})

    row = minutes.attendance.get(person_name="Håkan Jansson")
    assert (row.category, row.serving_for, row.serving_for_seat) == (
        AttendanceCategory.SERVING_DEPUTY,
        "Lena Holm",
        seats["Lena Holm"],
    )
    assert minutes.attendance.get(person_name="Carolina Marklund").category == AttendanceCategory.DEPUTY_PRESENT
    assert not minutes.attendance.filter(person_name="Lena Holm").exists()
    check = queries.quorum(minutes)
    assert (check.voting, check.seats, check.has_quorum, check.problems) == (5, 5, True, [])


def test_an_ersattare_for_a_present_ledamot_is_refused_and_nothing_is_stored(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="Bertil Almgren.*är närvarande"):
        register(minutes, seats, serving={"Carolina Marklund"})

    assert not minutes.attendance.exists()
    assert AuditEvent.objects.count() == events


def test_a_second_voter_of_one_member_is_refused(world):
    # A typed row already gives Skellefteå kommun its vote; the register cannot add its ledamot as a second one.
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    attend(minutes, "Extra ledamot", member=world.members_a["2482"])
    before = snapshot(minutes)

    with pytest.raises(ValidationError, match="en medlem har en röst"):
        register(minutes, seats)

    assert snapshot(minutes) == before


def test_a_typed_second_voter_of_one_member_is_refused(world):
    minutes = minutes_for(world, paragraphs=0)
    attend(minutes, "Bertil Almgren", member=world.members_a["2482"])

    with pytest.raises(ValidationError, match="har redan en beslutande"):
        attend(minutes, "Carolina Marklund", member=world.members_a["2482"])
    with pytest.raises(ValidationError, match="är närvarande och beslutar själv"):
        attend(
            minutes,
            "Carolina Marklund",
            AttendanceCategory.SERVING_DEPUTY,
            member=world.members_a["2482"],
            serving_for="Bertil Almgren",
        )

    assert minutes.attendance.count() == 1


def test_a_seat_of_another_term_or_a_ledamot_serving_is_refused(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)

    with pytest.raises(ValidationError, match="bara en ersättare"):
        actions.record_register_attendance(None, minutes, {seats["Bertil Almgren"]: SeatStatus.SERVING})
    with pytest.raises(ValidationError, match="gällde på sammanträdesdagen"):
        actions.record_register_attendance(None, minutes, {999_999: SeatStatus.PRESENT})
    assert not minutes.attendance.exists()


def test_recording_again_changes_only_what_changed(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    register(minutes, seats)
    kept = minutes.attendance.get(person_name="Bertil Almgren").pk

    register(minutes, seats, absent={"Lena Holm", "Per Ek"}, serving={"Håkan Jansson", "Sara Nordin"})

    assert minutes.attendance.get(person_name="Bertil Almgren").pk == kept
    assert sorted(
        minutes.attendance.filter(category=AttendanceCategory.SERVING_DEPUTY).values_list("serving_for", flat=True)
    ) == [
        "Lena Holm",
        "Per Ek",
    ]


def test_the_board_is_not_quorate_with_two_of_five_and_no_decision_can_be_recorded(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    register(minutes, seats, absent={"Anna Viklund", "Lena Holm", "Per Ek", "Johan Söderberg", "Håkan Jansson"})

    assert not queries.quorum(minutes).has_quorum
    with pytest.raises(ValidationError, match="inte beslutsför"):
        actions.add_paragraph(None, minutes, title="Budget", decision_clauses=["fastställa budgeten"])
    assert not Paragraph.objects.filter(minutes=minutes).exists()
    # A paragraph without a decision (information) may still be written.
    actions.add_paragraph(None, minutes, title="Information", body="Förbundschefen informerar.")


def test_a_disqualified_ledamot_is_replaced_by_the_ersattare_in_one_paragraph(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=2)
    register(minutes, seats)
    first, second = minutes.paragraphs.all()
    bertil = minutes.attendance.get(person_name="Bertil Almgren")
    carolina = minutes.attendance.get(person_name="Carolina Marklund")

    actions.record_paragraph_absence(None, second, bertil, reason=AbsenceReason.DISQUALIFIED, substitute=carolina)

    here = queries.quorum(minutes, second)
    assert here.voting == 5 and here.problems == []
    assert queries.quorum(minutes, first).voting == 5
    names = {r.person_name for r in queries._voters(minutes, second)}
    assert "Carolina Marklund" in names and "Bertil Almgren" not in names


def test_leaving_for_one_paragraph_can_break_its_quorum(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    register(minutes, seats, absent={"Anna Viklund", "Johan Söderberg", "Per Ek", "Sara Nordin"})
    paragraph = actions.add_paragraph(None, minutes, title="Budget", decision_clauses=["fastställa budgeten"])
    kenneth = minutes.attendance.get(person_name="Kenneth Andersson")

    actions.record_paragraph_absence(None, paragraph, kenneth, reason=AbsenceReason.LEFT)

    assert not queries.quorum(minutes, paragraph).has_quorum
    with pytest.raises(ValidationError, match="§ 1"):
        actions.update_paragraph(None, paragraph, decision_clauses=["fastställa budgeten med ändringar"])
    paragraph.refresh_from_db()
    assert paragraph.decision_clauses == ["fastställa budgeten"]


def test_the_substitute_must_be_an_ersattare_of_the_same_member_present_without_serving(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=1)
    register(minutes, seats)
    paragraph = minutes.paragraphs.get()
    bertil = minutes.attendance.get(person_name="Bertil Almgren")
    camilla = minutes.attendance.get(person_name="Camilla Hedlund")

    with pytest.raises(ValidationError, match="samma medlem"):
        actions.record_paragraph_absence(None, paragraph, bertil, reason=AbsenceReason.DISQUALIFIED, substitute=camilla)
    assert not paragraph.absences.exists()


def test_others_present_are_chosen_among_the_users_or_typed(world):
    minutes = minutes_for(world, paragraphs=0)

    row = actions.record_attendance(
        None, minutes, category=AttendanceCategory.OTHER, person_name="", user=world.people.office
    )
    guest = actions.record_attendance(
        None, minutes, category=AttendanceCategory.OTHER, person_name="Carina Sandelin", organisation="Kävlinge kommun"
    )

    assert row.person_name == world.people.office.display_name() and row.user == world.people.office
    assert guest.user is None
    with pytest.raises(ValidationError):
        actions.record_attendance(
            None, minutes, category=AttendanceCategory.OTHER, person_name="", user=world.people.outsider
        )
    assert Attendance.objects.filter(minutes=minutes).count() == 2


def test_the_office_records_attendance_on_the_page_and_others_cannot(world, login_as):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    from django.urls import reverse

    url = reverse("meetings:attendance", kwargs={"forbund_slug": world.a.slug, "meeting_id": minutes.meeting_id})
    data = {"part": "register", "remark": ""}
    for name, seat in seats.items():
        data[f"seat_{seat.pk}"] = (
            "ABSENT" if name == "Lena Holm" else ("SERVING" if name == "Håkan Jansson" else "PRESENT")
        )

    board = login_as(world.people.board)
    assert board.post(url, data).status_code == 403
    assert not minutes.attendance.exists()

    office = login_as(world.people.office)
    page = office.get(url).content.decode()
    assert "Håkan Jansson, ersättare för Försäkringskassan (Alfa samordningsförbund)" in page
    assert "checked" not in page  # nothing is marked before it has been recorded
    response = office.post(url, data)

    assert response.status_code == 302
    assert queries.quorum(minutes).voting == 5
    page = office.get(url).content.decode()
    assert "Beslutande: 5 av 5 platser." in page


def test_a_seat_left_unanswered_on_the_page_is_an_error_and_nothing_is_stored(world, login_as):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    from django.urls import reverse

    url = reverse("meetings:attendance", kwargs={"forbund_slug": world.a.slug, "meeting_id": minutes.meeting_id})
    data = {"part": "register", f"seat_{seats['Bertil Almgren'].pk}": "PRESENT"}

    response = login_as(world.people.office).post(url, data)

    assert response.status_code == 400
    assert not minutes.attendance.exists()
