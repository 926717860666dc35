"""Accounts beyond allauth's own pages: the profile, deleting an account, the user names
nobody may sign up with, and how allauth's emails are sent (through the tasks queue)."""

import re
import unicodedata
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from annotations.accounts import delete_member
from annotations.tasks import deliver_email
from groups.forms import ProfileForm
from groups.http import AuthenticatedHttpRequest
from groups.names import display_name
from groups.services import GroupError, update_profile

# Imported comments' authors were once accounts named "imported-<name>" (and
# "imported-commenter" for unsigned comments): such a name would pass for one of them.
RESERVED_USERNAME_PATTERN = re.compile(r"imported(?:[-_.+@]|$)")
RESERVED_USERNAME = (
    "User names beginning with “imported” are kept for the authors of comments imported with "
    "a text: choose another one."
)


def is_reserved_username(username: str) -> bool:
    """Whether nobody may sign up as `username` (compared case- and width-insensitively)."""
    folded = unicodedata.normalize("NFKC", username).casefold().strip()
    return RESERVED_USERNAME_PATTERN.match(folded) is not None


class AccountAdapter(DefaultAccountAdapter):
    """allauth, customised by subclassing: reserved user names are refused, and its emails go
    through the tasks queue."""

    def clean_username(self, username: str, shallow: bool = False) -> str:
        """allauth's checks, then ours: raises ValidationError(RESERVED_USERNAME)."""
        if is_reserved_username(username):
            raise forms.ValidationError(RESERVED_USERNAME, code="reserved")
        return super().clean_username(username, shallow=shallow)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
        )
        deliver_email.enqueue(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=list(message.to),
            html=html,
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to be sure it is you.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your display name and bio."""
    profile = getattr(request.user, "profile", None)
    initial = {
        "display_name": display_name(request.user),
        "bio": getattr(profile, "bio", ""),
        "timezone": getattr(profile, "timezone", ""),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(user=request.user, **form.cleaned_data)
        except GroupError as error:
            form.add_error("display_name", str(error))
        else:
            messages.success(request, "Profile saved.")
            return redirect("profile")
    return render(request, "account/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete your account: your group annotations stay, signed "former member"; your private
    notes go; other people's replies are untouched."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", "That is not your password.")
        else:
            user = request.user
            logout(request)
            delete_member(user=user)
            messages.success(request, "Your account is deleted. Thank you for reading with us.")
            return redirect("home")
    return render(request, "account/delete.html", {"form": form})
