"""samordna export-notice --forbund SLUG --date YYYY-MM-DD -o FILE.pdf"""

from samordna.meetings.documents import notice_pdf

from ._export import ExportCommand


class Command(ExportCommand):
    help = "Skriv ett sammanträdes kallelse med föredragningslista som PDF."

    def handle(self, *args, **options):
        self.write(options, notice_pdf(self.meeting(options)))
