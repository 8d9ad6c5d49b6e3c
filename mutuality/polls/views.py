from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.permissions import get_cohort_for

from . import selectors, services
from .forms import (
    OwnOutcomeForm,
    QuoteForm,
    ReopenForm,
    ResponseForm,
    TeamOutcomeForm,
    WaveForm,
)
from .models import CareerOutcome, Quote, Response, Wave


def _my_participation(request, cohort):
    participation = selectors.participation_of(cohort, request.user)
    if participation is None:
        raise PermissionDenied
    return participation


def _wave(cohort, wave_pk: int) -> Wave:
    wave = selectors.wave_of(cohort, wave_pk)
    if wave is None:
        raise Http404
    return wave


# --- the participant's side ------------------------------------------------------------


@require_GET
@login_required
def mine(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.answer")
    participation = _my_participation(request, cohort)
    return render(
        request,
        "polls/mine.jinja",
        {
            "cohort": cohort,
            **selectors.my_polls(cohort, participation, today=timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, pk: int, wave_pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.answer")
    participation = _my_participation(request, cohort)
    wave = _wave(cohort, wave_pk)
    existing = selectors.response_of(wave, participation)
    if not wave.is_open():
        return render(
            request,
            "polls/closed.jinja",
            {"cohort": cohort, "wave": wave, "answered": existing is not None},
            status=410 if wave.has_closed() else 200,
        )
    questions = services.questions_for(wave, participation.side)
    form = ResponseForm(
        request.POST or None,
        questions=questions,
        answers=existing.answers if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_save(wave=wave, participation=participation, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Thank you. Your answers to {wave.title} are saved; you can change them until "
                f"{wave.closes_on:%-d %B %Y}.",
            )
            return redirect("polls:mine", pk=cohort.pk)
    return render(
        request,
        "polls/answer.jinja",
        {"cohort": cohort, "wave": wave, "form": form, "changing": existing is not None},
    )


@require_http_methods(["GET", "POST"])
@login_required
def my_outcome_add(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.answer")
    participation = _my_participation(request, cohort)
    form = OwnOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outcome_record(participation=participation, by=request.user, **form.cleaned_data)
        messages.success(request, "Saved. Congratulations on the move.")
        return redirect("polls:mine", pk=cohort.pk)
    return render(request, "polls/outcome_add.jinja", {"cohort": cohort, "form": form, "own": True})


@require_POST
@login_required
def my_outcome_remove(request, pk: int, outcome_pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.answer")
    participation = _my_participation(request, cohort)
    outcome = get_object_or_404(CareerOutcome, pk=outcome_pk, participation=participation)
    services.outcome_remove(outcome=outcome)
    messages.success(request, "Removed.")
    return redirect("polls:mine", pk=cohort.pk)


# --- the programme team's side -----------------------------------------------------------


@require_GET
@login_required
def cohort_polls(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    return render(
        request,
        "polls/cohort.jinja",
        {"cohort": cohort, **selectors.cohort_polls(cohort), "today": timezone.localdate()},
    )


@require_POST
@login_required
def lay_out(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    try:
        waves = services.lay_out_waves(cohort=cohort, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Added {len(waves)} polls. Check their dates.")
    return redirect("polls:cohort", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def wave_edit(request, pk: int, wave_pk: int | None = None):
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    wave = get_object_or_404(Wave, pk=wave_pk, cohort=cohort) if wave_pk else None
    form = WaveForm(request.POST or None, instance=wave, cohort=cohort)
    if not form.is_bound and wave is None:
        # A new poll starts with the shared instrument. It is only read here (a migration
        # makes it); if it is missing, the team chooses one.
        default = selectors.default_instrument()
        if default is not None:
            form.initial["instrument"] = default.pk
    if request.method == "POST" and form.is_valid():
        saved = services.wave_save(form=form, cohort=cohort)
        messages.success(request, f"Saved {saved.title}.")
        return redirect("polls:cohort", pk=cohort.pk)
    return render(request, "polls/wave_edit.jinja", {"cohort": cohort, "wave": wave, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def close(request, pk: int, wave_pk: int):
    """Close an open poll now, before its closing date: its answers are frozen at once and
    reach the report straight away. The page asks the team to confirm first."""
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    wave = get_object_or_404(Wave, pk=wave_pk, cohort=cohort)
    error = None
    if request.method == "POST":
        try:
            services.wave_close(wave=wave, by=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request, f"Closed {wave.title}. Its results are now in the evaluation report."
            )
            return redirect("polls:cohort", pk=cohort.pk)
    return render(
        request,
        "polls/wave_close.jinja",
        {"cohort": cohort, "wave": wave, "open": wave.is_open(), "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def reopen(request, pk: int, wave_pk: int):
    """Reopen a closed poll so people can change their answers: audited, and the figures
    already published stay until it closes again as a new version."""
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    wave = get_object_or_404(Wave, pk=wave_pk, cohort=cohort)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_reopen(
                wave=wave,
                by=request.user,
                closes_on=form.cleaned_data["closes_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, f"Reopened {wave.title}.")
            return redirect("polls:cohort", pk=cohort.pk)
    return render(
        request,
        "polls/wave_reopen.jinja",
        {"cohort": cohort, "wave": wave, "form": form, "closed": wave.has_closed()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def quotes(request, pk: int, wave_pk: int):
    """Free-text answers of a closed poll, without names and in alphabetical order, for the
    team to choose the few that may be quoted in the report (after taking out identifying
    detail). Nothing is listed while the poll is open (ADR 0010)."""
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    wave = _wave(cohort, wave_pk)
    text_keys = selectors.text_questions(wave)
    if request.method == "POST":
        response = get_object_or_404(Response, pk=request.POST.get("response"), wave=wave)
        key = request.POST.get("question")
        if key not in text_keys:
            raise Http404
        if request.POST.get("action") == "withdraw":
            quote = get_object_or_404(Quote, response=response, question_key=key)
            services.quote_withdraw(quote=quote, by=request.user)
            messages.success(request, "No longer shared.")
        elif not selectors.frozen_text_answer(wave, response, key):
            # Only words from a closed poll's frozen answers can be chosen.
            raise Http404
        else:
            form = QuoteForm(request.POST)
            if form.is_valid():
                services.quote_share(
                    response=response,
                    question_key=key,
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
                messages.success(request, "Shared in the report, without a name.")
            else:
                messages.error(request, "Write the words to share before sharing them.")
        return redirect("polls:quotes", pk=cohort.pk, wave_pk=wave.pk)
    answers = selectors.free_text_answers(wave, text_keys)
    return render(
        request,
        "polls/quotes.jinja",
        {
            "cohort": cohort,
            "wave": wave,
            "answers": answers,
            "frozen": selectors.is_frozen(wave),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def outcomes(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "polls.manage")
    form = TeamOutcomeForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participation = data.pop("participation")
        services.outcome_record(participation=participation, by=request.user, **data)
        messages.success(request, f"Recorded for {participation.user.get_full_name()}.")
        return redirect("polls:outcomes", pk=cohort.pk)
    return render(
        request,
        "polls/outcomes.jinja",
        {"cohort": cohort, "form": form, "recorded": selectors.recorded_outcomes(cohort)},
    )
