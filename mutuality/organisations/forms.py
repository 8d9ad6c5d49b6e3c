from django import forms

from .models import Organisation, Place


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name"]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "place"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {"short_name": "How people usually refer to it. For example, City Hospitals."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].empty_label = "Works across the whole system"
