"""`runserver` that ends its start-up output with where the app is and who can sign in.

Emails name the address actually served: unless READINGGROUP_SITE_URL is set, links in emails
sent by this server use the host and port it bound (`make run PORT=8115` links to 8115).
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.management.commands.runserver import Command as StaticRunserver

from readinggroup.management.commands.create_demo import DEMO_ADMIN, DEMO_MEMBERS, DEMO_PASSWORD

RULE = "─" * 72


class Command(StaticRunserver):
    # Django's runserver sets these in handle(), before it binds; django-stubs leaves them out.
    addr: str
    _raw_ipv6: bool

    def on_bind(self, server_port: int) -> None:
        super().on_bind(server_port)
        host = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        url = f"{self.protocol}://{host}:{server_port}/"
        if not os.environ.get("READINGGROUP_SITE_URL"):
            settings.READINGGROUP_SITE_URL = url.rstrip("/")
        self.stdout.write(RULE)
        self.stdout.write(self.style.SUCCESS(f"  Serving readinggroup on {url}  (Ctrl-C to stop)"))
        for line in self.demo_accounts():
            self.stdout.write(line)
        self.stdout.write(RULE)

    def demo_accounts(self) -> list[str]:
        """The demo's sign-ins, when `create_demo` made them in this database."""
        if not get_user_model().objects.filter(username=DEMO_ADMIN[0]).exists():
            return []
        members = ", ".join(name for name, *_ in DEMO_MEMBERS)
        return [
            "  Demo accounts (development only):",
            f"    {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]}   site staff: every group, /import/, the admin",
            f"    {members} / {DEMO_PASSWORD}   members (dev is in no group yet)",
        ]
