from django import forms
from django.db.models import Exists, OuterRef

from mutuality.core.forms import NhsDateField
from mutuality.organisations.models import Organisation
from mutuality.strategy.models import Initiative

from .models import Cluster, SteeringAction, Tag, Theme


class ThemeForm(forms.ModelForm):
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="What it is about",
    )  # fmt: skip

    class Meta:
        model = Theme
        fields = ["text", "source", "tags"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "source": forms.RadioSelect}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = cohort.theme_tags.all()


class ModerateForm(forms.Form):
    shared_text = forms.CharField(
        label="Words the steering group will see",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Edit out anything that could identify someone.",
        error_messages={"required": "Write the words the steering group will see."},
    )
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Tags",
    )  # fmt: skip
    reason = forms.CharField(label="If not sharing, why", required=False, max_length=300)

    def __init__(self, *args, cohort, rejecting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = cohort.theme_tags.all()
        # Sharing needs words; turning a theme down does not.
        self.fields["shared_text"].required = not rejecting


class ActionForm(forms.ModelForm):
    class Meta:
        model = SteeringAction
        fields = [
            "title", "owner_organisation", "owner_role", "due_on", "status", "evidence",
            "clusters", "themes", "initiatives",
        ]  # fmt: skip
        field_classes = {"due_on": NhsDateField}
        widgets = {
            "status": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "clusters": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "initiatives": forms.CheckboxSelectMultiple,
        }
        labels = {
            "due_on": "Due date",
            "clusters": "Groups of themes it answers",
            "themes": "Themes it answers",
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")
        clusters = Cluster.objects.filter(cohort__programme=programme, accepted=True)
        themes = Theme.objects.filter(cohort__programme=programme, status=Theme.Status.PUBLISHED)
        # A list with nothing to tick is only a puzzling heading; leaving the field out of the
        # form also leaves any links the action already has untouched.
        for name, queryset in (("clusters", clusters), ("themes", themes)):
            if queryset.exists():
                self.fields[name].queryset = queryset
            else:
                del self.fields[name]
        if "themes" in self.fields:
            self.fields["themes"].label_from_instance = lambda t: t.shared_text
        # The initiatives this programme delivers come first: usually the ones to tick.
        self.fields["initiatives"].queryset = (
            Initiative.objects.annotate(
                delivered=Exists(programme.initiatives.filter(pk=OuterRef("pk")))
            )
            .order_by("-delivered", "workstream__order", "order")
            .distinct()
        )
        if programme.initiatives.exists():
            self.fields["initiatives"].help_text = f"Those {programme.name} delivers come first."


class UpdateForm(forms.Form):
    text = forms.CharField(label="What has happened", widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(choices=SteeringAction.Status.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(
        label="Evidence (when done)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
