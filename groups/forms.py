"""Forms for groups, with messages a person understands."""

from typing import Any, cast
from zoneinfo import available_timezones

from django import forms
from django.db.models import QuerySet

from groups.models import Group, GroupDocument, Membership
from groups.services import join_policy_problem
from texts.models import Document

NAME_DOES_NOT_MATCH = "That is not the group's name: type it exactly as shown."


class GroupForm(forms.ModelForm):
    """A group's name, description and who can see and join it: to start one or change it."""

    class Meta:
        model = Group
        fields = ["name", "description", "visibility", "join_policy"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }
        labels = {"visibility": "Who can see it", "join_policy": "How people join"}
        help_texts = {
            "name": "What members will call it, e.g. “Tuesday Gramsci circle”.",
            "description": "A few words on the group's page: what it reads, when it meets.",
            "visibility": "A private group is hidden from everyone outside it.",
            "join_policy": "Admins make invitation links on the group's management page.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A new group starts public and by invitation: readable by all, joined by whom it asks.
        if kwargs.get("instance") is None:
            kwargs["initial"] = {
                "visibility": Group.Visibility.PUBLIC,
                "join_policy": Group.JoinPolicy.INVITATION,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        problem = join_policy_problem(data.get("visibility", ""), data.get("join_policy", ""))
        if problem and not self.has_error("join_policy"):
            self.add_error("join_policy", problem)
        return data


class DeleteGroupForm(forms.Form):
    """Deleting a group takes typing its name, so that nobody deletes one by a slip."""

    name = forms.CharField(
        max_length=120, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["name"].label = f"To confirm, type the group's name: {group.name}"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if name != self.group.name:
            raise forms.ValidationError(NAME_DOES_NOT_MATCH)
        return name


class InvitationForm(forms.Form):
    days = forms.IntegerField(label="Valid for (days)", min_value=1, max_value=90, initial=14)
    max_uses = forms.IntegerField(label="Uses at most", min_value=1, max_value=500, initial=25)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="A word to the group's admins (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class PremoderationForm(forms.ModelForm):
    """Whether a new member's first posts wait for a facilitator."""

    class Meta:
        model = Group
        fields = ["premoderate_new_members"]


class PostBeforePeekForm(forms.ModelForm):
    """One text of the reading list: whether members write before they read others' notes."""

    class Meta:
        model = GroupDocument
        fields = ["post_before_peek"]


class ReadingListForm(forms.Form):
    document = forms.ModelChoiceField(queryset=Document.objects.none(), label="Add a text")

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Document]", self.fields["document"]).queryset = documents


class ProfileForm(forms.Form):
    display_name = forms.CharField(max_length=80, help_text="The name others see.")
    timezone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Meeting times are shown in it.",
        choices=[("", "The site's time zone"), *((z, z) for z in sorted(available_timezones()))],
    )
    bio = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few words about you, shown on your member page.",
    )
