from django import forms

from .models import Initiative

MAX_FILE_BYTES = 2 * 1024 * 1024


class StrategyUploadForm(forms.Form):
    file = forms.FileField(
        label="Strategy file",
        help_text="YAML (.yaml or .yml) or CSV (.csv), in the shape of the exported file.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".yaml", ".yml", ".csv")):
            raise forms.ValidationError("Choose a .yaml, .yml or .csv file.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 2 MB.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as 'CSV UTF-8' or plain YAML."
            ) from None
        return ("csv" if name.endswith(".csv") else "yaml", text)


class ProgrammeInitiativesForm(forms.Form):
    initiatives = forms.ModelMultipleChoiceField(
        label="People Strategy initiatives this programme delivers",
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiatives"]
        field.queryset = Initiative.objects.filter(workstream__strategy=strategy).select_related(
            "workstream"
        )
        field.label_from_instance = lambda i: f"{i.title} ({i.workstream.title})"
