"""A bounded HTTP load generator for `samordna bench --only load` (standard library only, no Django).

Load model: a closed loop with think time. A fixed number of virtual users each hold one connection (kept
alive when the server allows it), log in like a person (password, then the one-time code) and then, until
the fixed duration is over, request the pages of their round in turn, each followed by a think time drawn
uniformly between 0 and twice the mean (one such pause also comes first, so that the users do not all start
at once). A user never has more than one request outstanding, so the load is bounded by the number of users
whatever the server's speed; the think time makes each user someone who looks at a page before the next
click rather than a script hammering the server (with `think=0` the run measures a saturated server's queue).
"""

from __future__ import annotations

import http.client
import math
import random
import re
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Sample:
    name: str
    seconds: float
    status: int  # 0 when the request failed without an answer
    write: bool = False  # a form sent: it succeeds with a redirect to what it made, and fails with the form again

    @property
    def failed(self) -> bool:
        if self.write:
            return self.status not in (302, 303)
        return is_error(self.status)


@dataclass(frozen=True)
class Summary:
    name: str
    count: int
    errors: int
    p50: float
    p95: float
    mean: float
    failures: dict[int, int] = field(default_factory=dict)  # the failed answers by status (0: no answer)


@dataclass(frozen=True)
class Target:
    """A page to GET; with `form`, a form to fill in: its page is fetched (a sample of its own, `name` + "-sida")
    for the CSRF token, then the fields are sent by POST (the sample `name`)."""

    name: str
    path: str
    form: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    code: Callable[[], str]  # the current one-time code, computed when the user logs in


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0–100) percentile with linear interpolation between closest ranks; NaN for no values."""
    if not values:
        return math.nan
    if not 0 <= share <= 100:
        raise ValueError("share must be between 0 and 100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def is_error(status: int) -> bool:
    return not 200 <= status < 300


def summarise(samples: Sequence[Sample], names: Sequence[str]) -> dict[str, Summary]:
    """Per target: the number of requests, the non-2xx answers, and p50/p95/mean latency in seconds."""
    out = {}
    for name in names:
        mine = [s for s in samples if s.name == name]
        seconds = [s.seconds for s in mine]
        out[name] = Summary(
            name=name,
            count=len(mine),
            errors=sum(1 for s in mine if s.failed),
            p50=percentile(seconds, 50),
            p95=percentile(seconds, 95),
            mean=sum(seconds) / len(seconds) if seconds else math.nan,
            failures=dict(sorted(Counter(s.status for s in mine if s.failed).items())),
        )
    return out


class LoginFailed(RuntimeError):
    pass


@dataclass
class VirtualUser:
    """One person with one connection and their own cookies."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    location: str = ""  # the last answer's Location header: where a redirect leads

    def __post_init__(self):
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, *, body: bytes | None = None,
        content_type: str = "",
    ) -> tuple[int, str]:  # fmt: skip
        """`form` is sent URL-encoded; `body` (a multipart upload, say) as it is, with its `content_type`."""
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload: str | bytes | None = body
        if form is not None:
            payload = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            headers["Content-Type"] = content_type
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException):
            # A dropped keep-alive connection: open a new one next time.
            self.connection.close()
            raise
        self.location = response.getheader("Location", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, text

    def timed_get(self, target: Target) -> Sample:
        began = time.perf_counter()
        try:
            status, _text = self.request("GET", target.path)
        except (OSError, http.client.HTTPException):
            status = 0
        return Sample(target.name, time.perf_counter() - began, status)

    def timed(self, target: Target) -> list[Sample]:
        """The samples of one step of a round: a page, or a form's page and then the form sent."""
        if target.form is None:
            return [self.timed_get(target)]
        began = time.perf_counter()
        try:
            status, page = self.request("GET", target.path)
        except (OSError, http.client.HTTPException):
            status, page = 0, ""
        shown = Sample(f"{target.name}-sida", time.perf_counter() - began, status)
        token = CSRF_FIELD.search(page)
        if token is None:
            return [shown, Sample(target.name, 0.0, 0, write=True)]
        began = time.perf_counter()
        try:
            status, _text = self.request(
                "POST", target.path, {"csrfmiddlewaretoken": token.group(1), **dict(target.form)}
            )
        except (OSError, http.client.HTTPException):
            status = 0
        return [shown, Sample(target.name, time.perf_counter() - began, status, write=True)]

    def _post_form(self, path: str, fields: dict[str, str]) -> int:
        status, page = self.request("GET", path)
        token = CSRF_FIELD.search(page)
        if status != 200 or token is None:
            raise LoginFailed(f"GET {path} gav {status} utan formulär")
        status, _text = self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})
        return status

    def log_in(self, credentials: Credentials, login_path: str, second_factor_path: str) -> None:
        if self._post_form(login_path, {"username": credentials.username, "password": credentials.password}) != 302:
            raise LoginFailed(f"{credentials.username}: lösenordet godtogs inte")
        if self._post_form(second_factor_path, {"code": credentials.code()}) != 302:
            raise LoginFailed(f"{credentials.username}: engångskoden godtogs inte")

    def close(self) -> None:
        self.connection.close()


def run(
    host: str,
    port: int,
    users: Sequence[Credentials],
    rounds: Sequence[Sequence[Target]],
    duration: float,
    think: float,
    login_paths: tuple[str, str] = ("/konto/logga-in/", "/konto/tvastegsverifiering/"),
    progress: Callable[[int], object] | None = None,
    seed: int = 0,
) -> list[Sample]:
    """Log every user in (not timed), then run them all together for `duration` seconds.

    `rounds[i % len(rounds)]` is the list of pages user i requests in turn. Every answer, including errors,
    is a sample; requests still running when the time is up are finished and counted.
    """
    people = [VirtualUser(host, port) for _ in users]
    for person, credentials in zip(people, users, strict=True):
        person.log_in(credentials, *login_paths)
    samples: list[Sample] = []  # list.append is atomic, so the threads share it without a lock
    start = threading.Barrier(len(people) + 1)
    deadline: list[float] = []

    def work(index: int) -> None:
        person, targets = people[index], rounds[index % len(rounds)]
        rng = random.Random(seed * 100_003 + index)  # noqa: S311 - think times, not secrets  # nosec B311
        start.wait()
        step = index  # users start at different places of their round
        if think > 0:
            # Users are mid-way through reading a page when the run starts, not all clicking at once.
            time.sleep(rng.uniform(0, 2 * think))
        while time.monotonic() < deadline[0]:
            taken = person.timed(targets[step % len(targets)])
            samples.extend(taken)
            if progress is not None:
                progress(len(taken))
            step += 1
            if think > 0:
                time.sleep(min(rng.uniform(0, 2 * think), max(0.0, deadline[0] - time.monotonic())))
        person.close()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(people))]
    for thread in threads:
        thread.start()
    deadline.append(time.monotonic() + duration)
    start.wait()
    for thread in threads:
        thread.join()
    return samples
