"""samordna export-minutes --forbund SLUG --date YYYY-MM-DD -o FILE.pdf"""

from django.core.management.base import CommandError

from samordna.meetings.documents import minutes_pdf
from samordna.meetings.models import Minutes

from ._export import ExportCommand


class Command(ExportCommand):
    help = "Skriv ett sammanträdes protokoll som PDF."

    def handle(self, *args, **options):
        meeting = self.meeting(options)
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            raise CommandError(f"Sammanträdet {meeting.date:%Y-%m-%d} har inget protokoll.")
        self.write(options, minutes_pdf(minutes))
