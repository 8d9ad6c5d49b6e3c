"""A programme's own application questions, for its programme managers as well as the
office, so nobody needs the Django admin to change what applicants are asked."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mutuality.permissions import get_programme_for

from . import selectors, services
from .models import ApplicationQuestion

MANAGE = "programmes.add_cohort"  # the office, and anyone managing one of its cohorts


class QuestionForm(forms.ModelForm):
    class Meta:
        model = ApplicationQuestion
        fields = ["text", "hint", "side", "required", "order"]
        labels = {
            "text": "Question",
            "hint": "Hint, shown under the question",
            "side": "Who is asked",
            "required": "Applicants must answer it",
            "order": "Position",
        }
        help_texts = {"order": "Lower numbers come first."}
        widgets = {"side": forms.RadioSelect}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [("", "Both sides")] + [
            (side, label.capitalize()) for side, label in programme.side_labels.items()
        ]
        self.fields["text"].error_messages["required"] = "Enter the question"


@require_http_methods(["GET", "POST"])
@login_required
def questions(request, slug: str):
    programme = get_programme_for(request.user, slug, MANAGE)
    form = QuestionForm(
        request.POST or None,
        programme=programme,
        instance=ApplicationQuestion(programme=programme),
    )
    if request.method == "POST" and form.is_valid():
        services.question_save(form=form)
        messages.success(request, "Added the question.")
        return redirect("applications:questions", slug=programme.slug)
    return render(
        request,
        "applications/questions.jinja",
        {"programme": programme, "questions": selectors.questions_of(programme), "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request, slug: str, question_pk: int):
    programme = get_programme_for(request.user, slug, MANAGE)
    question = get_object_or_404(ApplicationQuestion, pk=question_pk, programme=programme)
    form = QuestionForm(request.POST or None, programme=programme, instance=question)
    if request.method == "POST" and form.is_valid():
        services.question_save(form=form)
        messages.success(request, "Saved the question.")
        return redirect("applications:questions", slug=programme.slug)
    return render(
        request,
        "applications/question_edit.jinja",
        {"programme": programme, "question": question, "form": form},
    )


@require_POST
@login_required
def question_remove(request, slug: str, question_pk: int):
    programme = get_programme_for(request.user, slug, MANAGE)
    question = get_object_or_404(ApplicationQuestion, pk=question_pk, programme=programme)
    try:
        services.question_remove(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Removed the question.")
    return redirect("applications:questions", slug=programme.slug)
