"""Background tasks: what a request hands off so it never waits on a slow service."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def deliver_email(
    *, subject: str, body: str, from_email: str, to: list[str], html: str = ""
) -> None:
    """Send one email, with `html` as its HTML alternative when given (run by the tasks worker
    in production, at once in development)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
