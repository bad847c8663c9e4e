import datetime as dt

from samordna.participants.demo import load_demo_participants
from samordna.participants.models import IdentityMode, Participation
from samordna.participants.queries import dues


def test_demo_participants_load_once_and_give_the_work_view_something_to_show(world):
    stays = load_demo_participants(world.insats_a)
    again = load_demo_participants(world.insats_a)

    assert len(stays) == len(again) == Participation.objects.count() == 4
    assert {s.participant.identity_mode for s in stays} == {IdentityMode.IDENTIFIED, IdentityMode.ANONYMOUS}
    due = dues(Participation.objects.all(), today=dt.date(2019, 12, 1))
    assert due[0].overdue and any(not d.overdue for d in due)
