from django import forms

from .models import User


class DetailsForm(forms.ModelForm):
    """A person's name as they want it used in lists, emails and their partner's page."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_name", "pronouns"]
        labels = {"first_name": "First name", "last_name": "Last name"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].error_messages["required"] = "Enter your first name"
        self.fields["last_name"].error_messages["required"] = "Enter your last name"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["preferred_name"].widget.attrs["autocomplete"] = "nickname"

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            if isinstance(data.get(name), str):
                data[name] = " ".join(data[name].split())
        return data
