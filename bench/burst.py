"""`make bench`'s burst (bench/run.py runs it): 200 replies from 50 members to one thread at once,
through gunicorn (3 workers, loopback only) on the bench's database; reports p50/p99 latency,
replies per second, how many were stored, and a reply's query count at 2 and 200 participants.
Needs Django set up, on a database gunicorn's processes can share (a file or PostgreSQL).
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations import writing
from annotations.models import Annotation
from annotations.selections import Selection
from groups.models import Group, GroupDocument, Membership
from texts.models import Document

BASE_DIR = Path(__file__).resolve().parent.parent
MEMBERS, REPLIES, WORKERS = 50, 200, 3
# A CSRF secret both the cookie and the header carry, as a browser's form would.
CSRF = "burstofrepliesburstofrepliesburs"


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def bench_burst(document: Document) -> dict:
    """Fire the burst at a thread on `document`; returns the figures."""
    group = Group.objects.create(name="Burst", slug="burst")
    GroupDocument.objects.create(group=group, document=document)
    # Members as they are: with email addresses and the default notification settings.
    members = [
        get_user_model().objects.create_user(f"burst{n}", email=f"burst{n}@example.org")
        for n in range(MEMBERS)
    ]
    Membership.objects.bulk_create([Membership(group=group, user=m) for m in members])
    root = _thread(document, group, members[0])
    sessions = [_session(member) for member in members]
    port = _free_port()
    server = _gunicorn(port)
    try:
        url = f"http://127.0.0.1:{port}/annotations/{root.pk}/reply/"
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
            results = list(pool.map(lambda n: _post(url, sessions[n % MEMBERS], n), range(REPLIES)))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(latency for _status, latency in results)
    return {
        "database": connection.vendor,
        "replies": REPLIES,
        "members": MEMBERS,
        "gunicorn_workers": WORKERS,
        "stored": Annotation.objects.filter(root=root).count(),
        "statuses": dict(Counter(str(status) for status, _latency in results)),
        "p50_s": round(statistics.median(latencies), 2),
        "p99_s": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
        "replies_per_s": round(REPLIES / seconds, 1),
        "reply_queries": {str(n): _reply_queries(document, n) for n in (2, 200)},
    }


def print_burst(burst: dict) -> None:
    print(
        f"burst of {burst['replies']} replies from {burst['members']} members through gunicorn "
        f"({burst['gunicorn_workers']} workers, {burst['database']}): {burst['stored']} stored "
        f"(answers: {burst['statuses']}), p50 {burst['p50_s']} s, p99 {burst['p99_s']} s, "
        f"{burst['replies_per_s']} replies/s; a reply's queries with 2 and 200 people in the "
        f"thread: {burst['reply_queries']['2']} and {burst['reply_queries']['200']}"
    )


def _thread(document: Document, group: Group, author: User) -> Annotation:
    paragraph = document.revision.paragraphs.order_by("ordinal")[1]
    return writing.create_annotation(
        author=author,
        revision=document.revision,
        group=group,
        selection=Selection(paragraph.anchor, 0, paragraph.anchor, 10),
        body="What do we make of this?",
    )


def _session(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(port: int) -> subprocess.Popen:
    """gunicorn serving the app on the bench's database, on loopback; waits until it answers."""
    environment = os.environ | {
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "false",
        # The bench's own key, which signed the members' sessions.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "TASKS_BACKEND": "database",
        "READINGGROUP_POSTS_PER_MINUTE": "1000",
    }
    command = [sys.executable, "-m", "gunicorn", "readinggroup.wsgi", "--workers", str(WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=environment)  # noqa: S603 (our own)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start: the burst cannot run.")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _post(url: str, session: str, n: int) -> tuple[int, float]:
    """One member's reply: its status and how long it took, in seconds."""
    # Only the local gunicorn's http:// address is opened.
    request = Request(  # noqa: S310
        url,
        data=urlencode({"body": f"Reply {n} in the burst."}).encode(),
        headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF},
    )
    started = time.perf_counter()
    try:
        with build_opener(_NoRedirects).open(request, timeout=120) as response:
            status = response.status
    except HTTPError as error:
        status = error.code
    except URLError:
        status = 599
    return status, time.perf_counter() - started


def _reply_queries(document: Document, people: int) -> int:
    """The queries of one reply, through the view, in a thread `people` members took part in."""
    group = Group.objects.create(name=f"Thread of {people}", slug=f"thread-{people}")
    GroupDocument.objects.create(group=group, document=document)
    members = [get_user_model().objects.create_user(f"t{people}-{n}") for n in range(people + 1)]
    Membership.objects.bulk_create([Membership(group=group, user=m) for m in members])
    root = _thread(document, group, members[0])
    for member in members[1:people]:
        writing.reply_to_annotation(author=member, parent=root, body="Here.")
    client = Client()
    client.force_login(members[people])
    with CaptureQueriesContext(connection) as queries:
        client.post(f"/annotations/{root.pk}/reply/", {"body": "And one more."})
    return len(queries)
