"""`samordna bench --only pages`: every page of every role, fresh, in a förbund of 20 000 stays.

The benchmark förbund `bench-sidor` is made once in the configured database, beside whatever else it holds (the
report benchmark's national data, the demo): 155 insatser, 20 000 stays over ten years of which 2 000 are active
in the ten insatser of one participant handler, six-month follow-ups for six in ten of the discharged, 50 000
audit events and 200 000 read-log rows, and one user of each role. Signed in as each of them in turn, the
benchmark follows every same-site link it is shown (GET only, up to `MAX_PER_KIND` pages of each kind, a kind
being the path with its ids and numbers replaced and the names of its query parameters), each request made
through the whole middleware stack in this process with the statistics cache emptied first, so that every
figure is built fresh. Per kind of page: the median time of its requests (at least `REPEAT`), the largest
answer and the number of database queries. Goals: median under 250 ms and size under 300 KB for every page,
PDFs under 1 s.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from . import bench
from .benchtable import Row

SLUG = "bench-sidor"
INSATSER = 155
HANDLER_INSATSER = 10
GROUP = 20  # insatser begun in the same year
ACTIVE = 2_000
DISCHARGED = 18_000
AUDIT_EVENTS = 50_000
READ_LOG_ROWS = 200_000
MAX_PER_KIND = 3
REPEAT = 3
MAX_PAGES_PER_ROLE = 600
GOAL_SECONDS, GOAL_PDF_SECONDS, GOAL_BYTES = 0.250, 1.0, 300_000

# Links not followed: they end the session, belong to the operator or are not pages.
SKIP = re.compile(r"/konto/logga-ut/|/system/|/api/v1/docs|/static/|/media/")
ID = re.compile(r"(?<=/)(?:[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{32}|[0-9][0-9:.-]*|D-[0-9A-F]{8})(?=/|$)")
LINK = re.compile(r"""(?:href|hx-get)="([^"#][^"]*)\"""")


def _role_users():
    from samordna.tenancy.models import Role

    return [
        ("forbundschef", Role.FORBUND_ADMIN, False),
        ("kansli", Role.OFFICE, False),
        ("styrelse", Role.BOARD_MEMBER, False),
        ("beredning", Role.PREPARATORY, False),
        ("insatsansvarig", Role.INTERVENTION_MANAGER, True),
        ("deltagaransvarig", Role.PARTICIPANT_HANDLER, True),
        ("sokande", Role.APPLICANT, True),
        ("revisor", Role.AUDITOR, False),
        ("dataskyddsombud", Role.DPO, False),
    ]


def ensure_world(write=print):
    """The benchmark förbund and its users, made once; returns (förbund, {username: user})."""
    from samordna.demo.users import DEMO_PASSWORD
    from samordna.interventions.actions import set_data_controller
    from samordna.interventions.models import ControllerKind, Intervention, InterventionKind
    from samordna.participants.models import Participation
    from samordna.tenancy import actions
    from samordna.tenancy.models import Forbund, Kommun, PartyType, Role, User

    if connection.vendor != "postgresql":
        raise NotImplementedError("Sidmätningen skriver sina data med PostgreSQL: kör den mot PostgreSQL.")
    forbund = Forbund.objects.filter(slug=SLUG).first()
    names = [f"{SLUG}-{name}" for name, _role, _scoped in _role_users()]
    # The load benchmark enrols more: a förbund with at least the stays made here is complete.
    if forbund is not None and Participation.objects.filter(forbund=forbund).count() >= ACTIVE + DISCHARGED:
        return forbund, {u.username: u for u in User.objects.filter(username__in=names)}
    if forbund is not None:
        raise RuntimeError(f"Förbundet {SLUG} finns men är ofullständigt: använd en ny databas för mätningen.")
    write(f"Skapar mätförbundet {SLUG} …")
    began = time.perf_counter()
    kommuner = [
        Kommun.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("9801", "Sidkommun norra"), ("9802", "Sidkommun södra"))
    ]
    today = timezone.localdate()
    with transaction.atomic():
        forbund = actions.create_forbund(
            None, slug=SLUG, name="Bench sidor samordningsförbund", founded=dt.date(2010, 1, 1), kommuner=kommuner
        )
        actions.add_statutes(None, forbund, valid_from=dt.date(2010, 1, 1))
        actions.add_member(None, forbund, party_type=PartyType.FK, name="Försäkringskassan (sidor)")
        owner = actions.add_member(None, forbund, party_type=PartyType.AF, name="Arbetsförmedlingen (sidor)")
        actions.add_member(None, forbund, party_type=PartyType.REGION, name="Region Sidor")
        for kommun in kommuner:
            actions.add_member(None, forbund, party_type=PartyType.KOMMUN, name=f"{kommun.name}", kommun=kommun)
        insatser = Intervention.objects.bulk_create(
            Intervention(
                forbund=forbund,
                registration_no=f"{2014 + j // 20}:{j + 1}",
                name=f"Sidinsats {j + 1}",
                kind=InterventionKind.INDIVIDUAL,
                start_date=dt.date(2014 + j // 20, 1, 1),
                owner=owner,
            )
            for j in range(INSATSER)
        )
        for insats in insatser:  # the owner holds the participants' data, and the handlers are its staff
            set_data_controller(None, insats, kind=ControllerKind.MEMBERS, members=[owner])
        mine = insatser[:HANDLER_INSATSER]
        users = {}
        for name, role, scoped in _role_users():
            username = f"{SLUG}-{name}"
            user = actions.create_user(None, forbund, username=username, password=DEMO_PASSWORD, first_name=name)
            employer = owner if role == Role.PARTICIPANT_HANDLER else None
            actions.assign_role(None, forbund, user, role, interventions=mine if scoped else (), employer=employer)
            users[username] = user
    own = kommuner * 80  # the generator picks a förbund's two kommuner from a list of 160
    # The handler's caseload: 2 000 stays enrolled within the last two years, none discharged yet.
    bench._generate_in_sql(
        [forbund], mine, own, ACTIVE, 700, f"{SLUG}-active", first_day=today - dt.timedelta(days=720), discharged=0
    )
    # The förbund's history: 18 000 stays, every one discharged by now. An insats runs about three years: those
    # that began the same year (twenty of them) take their stays in those years, the last group ending this year.
    groups = [insatser[i : i + GROUP] for i in range(0, INSATSER, GROUP)]
    for number, group in enumerate(groups):
        first_day = today - dt.timedelta(days=365 * (len(groups) - number) + 3 * 365)
        count = DISCHARGED // len(groups) + (DISCHARGED % len(groups) if number == len(groups) - 1 else 0)
        bench._generate_in_sql(
            [forbund], group, own, count, 2 * 365, f"{SLUG}-history-{number}", first_day=first_day, discharged=1
        )
    _logs(forbund, list(users.values()))
    bench._analyse(_tables())
    write(f"Mätförbundet klart på {time.perf_counter() - began:.0f} s.")
    return forbund, users


def _tables():
    from samordna.audit.models import AuditEvent, ReadLogEntry
    from samordna.participants.models import FollowUp, Participant, Participation

    return (Participant, Participation, FollowUp, AuditEvent, ReadLogEntry)


def _logs(forbund, users) -> None:
    """50 000 audit events and 200 000 read-log rows of the förbund's users, written by PostgreSQL."""
    from samordna.audit.models import AuditEvent, ReadLogEntry

    params = {"forbund": forbund.pk, "users": [u.pk for u in users], "labels": [u.username for u in users]}
    pick = "1 + floor(random() * array_length(%(users)s::bigint[], 1))::int"
    events = bench._columns(
        AuditEvent,
        {
            "forbund_id": "%(forbund)s",
            "actor_id": "(%(users)s::bigint[])[u.i]",
            "actor_label": "(%(labels)s::text[])[u.i]",
            "at": "now() - g * interval '5 minutes'",
            "action": "(ARRAY['participation.enrol', 'participation.discharge', 'follow_up.record', "
            "'action_plan.revise', 'consent.record'])[1 + g %% 5]",
            "object_type": "'participants.Participation'",
            "object_id": "md5(g::text)",
            "object_label": "'D-' || upper(substr(md5(g::text), 1, 8))",
            "changes": "'{}'::jsonb",
        },
    )
    reads = bench._columns(
        ReadLogEntry,
        {
            "forbund_id": "%(forbund)s",
            "actor_id": "(%(users)s::bigint[])[u.i]",
            "actor_label": "(%(labels)s::text[])[u.i]",
            "at": "now() - g * interval '1 minute'",
            "object_type": "'participant'",
            "object_id": "'D-' || upper(substr(md5(g::text), 1, 8))",
        },
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for model, (columns, values, defaults), count in (
            (AuditEvent, events, AUDIT_EVENTS),
            (ReadLogEntry, reads, READ_LOG_ROWS),
        ):
            table = connection.ops.quote_name(model._meta.db_table)
            rows = f"generate_series(1, {count}) g CROSS JOIN LATERAL (SELECT {pick} + 0 * g AS i) u"
            # Only fixed fragments and numbers of our own are interpolated; the values go as parameters.
            sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {rows}"  # noqa: S608  # nosec B608
            cursor.execute(sql, {**params, **defaults})


@dataclass
class Page:
    role: str
    kind: str
    url: str
    seconds: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    content_type: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def is_pdf(self) -> bool:
        return "pdf" in self.content_type

    @property
    def goal(self) -> float:
        return GOAL_PDF_SECONDS if self.is_pdf else GOAL_SECONDS

    @property
    def too_big(self) -> bool:
        # Downloads (PDF, Excel, CSV) are files, not pages: only the pages have a size goal.
        return "html" in self.content_type and max(self.sizes) > GOAL_BYTES


def kind_of(relative: str) -> str:
    """The path with its ids replaced and the names of its query parameters; the format asked for (a PDF, a
    spreadsheet) is a kind of its own."""
    parts = urlsplit(relative)
    kind = ID.sub("*", parts.path) + "?" + ",".join(sorted(set(re.findall(r"([^&=?]+)=", parts.query))))
    asked = re.search(r"(?:^|&)format=([a-z]+)", parts.query)
    return f"{kind}:{asked.group(1)}" if asked else kind


def links_of(html: str, url: str) -> list[str]:
    found = []
    for link in LINK.findall(html):
        parts = urlsplit(urldefrag(urljoin("https://testserver" + url, link.replace("&amp;", "&"))).url)
        if parts.netloc == "testserver" and not SKIP.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _fetch(client: Client, url: str, page: Page) -> str:
    from samordna.stats import cache

    cache.forget()  # fresh: no report or rendered table from an earlier request
    # The capture counts by the length of the connection's query log, which stops growing when it is full.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        response = client.get(url, secure=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        page.seconds.append(time.perf_counter() - began)
    page.sizes.append(len(body))
    page.queries.append(len(queries.captured_queries))
    page.statuses.append(response.status_code)
    page.content_type = response.get("Content-Type", "")
    if response.has_header("Location"):
        # A redirect (the start page to the förbund's, say): where it leads is a link like any other.
        return f'<a href="{response["Location"]}">'
    return body.decode("utf-8", errors="replace") if "html" in page.content_type else ""


def crawl(user, role: str, write=print, limit: int = MAX_PAGES_PER_ROLE) -> list[Page]:
    """Every kind of page `user` reaches from the start page by GET (at most `limit` pages), each kind timed at
    least `REPEAT` times."""
    from samordna.tenancy.middleware import SESSION_KEY

    client = Client(raise_request_exception=False)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    kinds: Counter[str] = Counter({kind_of("/"): 1})
    pages: dict[str, Page] = {}
    queue = ["/"]
    while queue and len(pages) < limit:
        url = queue.pop(0)
        page = pages[url] = Page(role, kind_of(url), url)
        for relative in links_of(_fetch(client, url, page), url):
            kind = kind_of(relative)
            if relative in pages or relative in queue or kinds[kind] >= MAX_PER_KIND:
                continue
            kinds[kind] += 1
            queue.append(relative)
    by_kind: dict[str, list[Page]] = {}
    for page in pages.values():
        by_kind.setdefault(page.kind, []).append(page)
    out = []
    for kind, found in by_kind.items():
        # One entry per kind: all its pages' requests, the first page asked again until there are `REPEAT`.
        merged = Page(role, kind, found[0].url)
        for page in found:
            merged.seconds += page.seconds
            merged.sizes += page.sizes
            merged.queries += page.queries
            merged.statuses += page.statuses
            merged.content_type = page.content_type
        while len(merged.seconds) < REPEAT:
            _fetch(client, merged.url, merged)
        out.append(merged)
    write(f"pages_{role}: kinds={len(out)} requests={sum(len(p.seconds) for p in out)}")
    return out


# The roles' user names (after "bench-sidor-"), in the order of `_role_users`.
ROLE_NAMES = [
    "forbundschef", "kansli", "styrelse", "beredning", "insatsansvarig", "deltagaransvarig", "sokande", "revisor",
    "dataskyddsombud",
]  # fmt: skip


def run(write=print, roles: list[str] | None = None) -> list[Row]:
    """Crawl as each of `roles` (default all), printing each role's pages as soon as they are measured."""
    forbund, users = ensure_world(write)
    pages: list[Page] = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for name in roles or ROLE_NAMES:
            found = sorted(crawl(users[f"{SLUG}-{name}"], name, write), key=lambda p: p.median, reverse=True)
            write(f"{'roll':16} {'median':>8} {'max KB':>7} {'frågor':>6} {'svar':>5}  sida")
            for page in found:
                status = ",".join(str(s) for s in sorted(set(page.statuses)))
                write(
                    f"{page.role:16} {page.median * 1000:6.0f} ms {max(page.sizes) / 1000:7.0f} "
                    f"{statistics.median(page.queries):6.0f} {status:>5}  {page.url}"
                )
            pages += found
    pages.sort(key=lambda p: p.median, reverse=True)
    return rows_from(pages, forbund)


def rows_from(pages: list[Page], forbund) -> list[Row]:
    html = [p for p in pages if not p.is_pdf]
    pdfs = [p for p in pages if p.is_pdf]
    slow = [p for p in html if p.median >= GOAL_SECONDS]
    big = [p for p in pages if p.too_big]
    failed = [p for p in pages if any(s >= 500 for s in p.statuses)]
    slowest = html[0] if html else None
    # The accessibility statement is a page that reads nothing: what every page pays for the middleware, the
    # session and the layout under the same load, the baseline of the slowest page.
    static = [p for p in pages if p.kind == "/tillganglighet/?"]
    baseline = statistics.median([s for p in static for s in p.seconds]) if static else None
    out = [
        Row(
            "sidor",
            f"{len(pages)} slags sidor för {len({p.role for p in pages})} roller i {forbund.slug}, "
            f"median över {GOAL_SECONDS * 1000:.0f} ms",
            f"{len(slow)}",
            "",
            "",
            None,
            "0",
        ),
        Row("sidor", f"sidor över {GOAL_BYTES // 1000} KB", f"{len(big)}", "", "", None, "0"),
        Row("sidor", "svar 5xx", f"{len(failed)}", "", "", None, "0"),
    ]
    if slowest is not None:
        out.append(
            Row("sidor", f"långsammast: {slowest.role} {slowest.kind}", f"{slowest.median * 1000:.0f} ms",
                "tillgänglighetssidan (läser inget), samma körning" if baseline else "",
                f"{baseline * 1000:.0f} ms" if baseline else "", slowest.median / baseline if baseline else None,
                "< 250 ms")
        )  # fmt: skip
    if pdfs:
        worst = max(pdfs, key=lambda p: p.median)
        out.append(
            Row("sidor", f"PDF, långsammast: {worst.role} {worst.kind}", f"{worst.median * 1000:.0f} ms",
                "", "", None, "< 1 s")
        )  # fmt: skip
    return out
