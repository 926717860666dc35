"""Friendly error pages: what went wrong and what to do next, never a stack trace."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in one of them.
    return HttpResponse(
        "<!doctype html><title>Something went wrong · readinggroup</title>"
        "<h1>Something went wrong</h1><p>The error was logged. Try again in a moment, or go "
        '<a href="/">back to your groups</a>.</p>',
        status=500,
    )
