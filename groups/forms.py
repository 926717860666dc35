"""Forms for groups, with messages a person understands."""

from zoneinfo import available_timezones

from django import forms

from groups.models import Group, Membership
from texts.models import Document


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "description", "visibility", "join_policy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"name": "What members will call it, e.g. “Tuesday Gramsci circle”."}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("join_policy") == Group.JoinPolicy.OPEN and (
            data.get("visibility") != Group.Visibility.PUBLIC
        ):
            self.add_error("join_policy", "Only a public group can be open to anyone.")
        return data


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


class ReadingListForm(forms.Form):
    document = forms.ModelChoiceField(queryset=Document.objects.none(), label="Add a text")

    def __init__(self, *args: object, documents: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents


class ProfileForm(forms.Form):
    display_name = forms.CharField(max_length=80, help_text="The name others see.")
    timezone = forms.ChoiceField(
        label="Time zone", required=False, help_text="Meeting times are shown in it.",
        choices=[("", "The site's time zone"), *((z, z) for z in sorted(available_timezones()))],
    )  # fmt: skip
    bio = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few words about you, shown on your member page.",
    )  # fmt: skip
