import dataclasses

from django import forms

from mutuality.matching import Weights

from .models import MatchingSettings

WEIGHT_LABELS = {
    "text": ("What one hopes to learn meets what the other brings", "Compares their own words."),
    "topics": ("Shared topics", ""),
    "seniority": ("Seniority gap close to the target", ""),
    "availability": ("Free at the same times", ""),
    "meeting_mode": ("A way of meeting both are happy with", ""),
    "place": ("Same place, when both want to meet in person", ""),
    "lived_experience": (
        "Lived experience (only with each person's consent)",
        "Used only for people who gave explicit consent.",
    ),
    "preferences": ("Stated preferences", ""),
    "target_gap": (
        "Target seniority gap, in band steps",
        "For example, 2 pairs Band 6 with Band 8a.",
    ),
}


LIVED_EXPERIENCE_CHOICES = [
    (
        "different",
        "Different lived experience: pairs who bring each other a different experience "
        "score higher",
    ),
    (
        "similar",
        "Shared lived experience: pairs who share some of their experience score higher",
    ),
]


class MatchingSettingsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = ["different_organisation", "min_gap"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = {**dataclasses.asdict(Weights()), **(self.instance.weights or {})}
        if self.instance.cohort_id:
            programme = self.instance.cohort.programme
            self.fields["min_gap"].help_text = (
                f"Band steps from the {programme.side_label('aspiring')} up to the "
                f"{programme.side_label('established')}. Leave empty for no limit."
            )
        for name, (label, hint) in WEIGHT_LABELS.items():
            field_class = forms.IntegerField if name == "target_gap" else forms.FloatField
            self.fields[f"w_{name}"] = field_class(
                label=label,
                help_text=hint,
                min_value=0,
                max_value=20,
                initial=current[name],
            )
        self.fields["w_lived_experience_mode"] = forms.ChoiceField(
            label="When lived experience counts, favour",
            help_text=(
                "Only for people who agreed to matching on lived experience, and only when its "
                "weight is above 0. Nobody's experience is ever named to their partner."
            ),
            choices=LIVED_EXPERIENCE_CHOICES,
            widget=forms.RadioSelect,
            initial=current["lived_experience_mode"],
        )

    def clean(self):
        data = super().clean()
        weights = {**dataclasses.asdict(Weights()), **(self.instance.weights or {})}
        for name in [*WEIGHT_LABELS, "lived_experience_mode"]:
            if data.get(f"w_{name}") is not None:
                weights[name] = data[f"w_{name}"]
        try:
            Weights.from_mapping(weights)
        except ValueError as error:
            raise forms.ValidationError(f"These weights cannot be used: {error}.") from None
        self.instance.weights = weights
        return data
