"""The two partners' own pages: everything of their partnership in one place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from mutuality.applications.models import AboutMeSection
from mutuality.audit.models import audit_special_category_read

from . import year
from .models import Goal, Meeting, Partnership, PlannedMeeting
from .year_forms import (
    AfterwardsForm,
    GoalForm,
    GoalNoteForm,
    MeetingForm,
    NoteForm,
    PlanForm,
    ReflectionForm,
    SupportForm,
)


def _own_partnership(user, pk: int) -> Partnership:
    """Only the two partners reach these pages; for anyone else the pair does not exist."""
    partnership = get_object_or_404(
        Partnership.objects.select_related(
            "cohort__programme",
            "aspiring__user",
            "established__user",
            "aspiring__organisation",
            "established__organisation",
        ),  # fmt: skip
        pk=pk,
    )
    if not year.is_partner(partnership, user):
        raise Http404
    return partnership


def _hub(request, partnership: Partnership, **bound_forms):
    user = request.user
    partner = partnership.partner_of(user)
    me = partnership.aspiring if partner == partnership.established else partnership.established
    forms = {
        **{f"{action}_form": spec[0](prefix=action) for action, spec in FORMS.items()},
        **bound_forms,
    }
    my_agreed = (
        partnership.aspiring_agreed_at
        if partnership.aspiring.user_id == user.pk
        else partnership.established_agreed_at
    )
    shared = list(
        AboutMeSection.objects.filter(profile__user=partner.user, partner_may_see=True).exclude(
            text=""
        )
    )
    if any(s.key == AboutMeSection.Key.ADJUSTMENTS for s in shared):
        audit_special_category_read(
            actor=user,
            subjects=[partner.user],
            what="reasonable adjustments",
            where="learning partner's page",
        )
    return render(
        request,
        "partnerships/hub.jinja",
        {
            "partnership": partnership,
            "partner": partner,
            "me": me,
            "shared": shared,
            "ground_rules": [
                line for line in partnership.cohort.programme.ground_rules.splitlines() if line
            ],
            "my_agreed": my_agreed,
            "meetings": partnership.meetings.select_related("logged_by"),
            "planned": PlannedMeeting.objects.filter(partnership=partnership).first(),
            "my_goals": partnership.goals.filter(owner=user).prefetch_related("notes"),
            "partner_goals": partnership.goals.filter(
                owner=partner.user, shared_with_partner=True
            ).prefetch_related("notes"),
            "notes": partnership.shared_notes.select_related("author"),
            "reflections": year.reflections_of(partnership=partnership, author=user),
            "my_requests": partnership.support_requests.filter(raised_by=user),
            "live": partnership.status in year.LIVE,
            "completed": partnership.status == Partnership.Status.COMPLETED,
            "my_keep_meeting": partnership.aspiring_keep_meeting
            if partnership.aspiring.user_id == user.pk
            else partnership.established_keep_meeting,
            **forms,
        },
        status=400 if bound_forms else 200,
    )


@require_GET
@login_required
def hub(request, pk: int):
    return _hub(request, _own_partnership(request.user, pk))


@require_GET
@login_required
def my_partner(request, pk: int):
    """The introduction link in emails: this person's live partnership in a cohort."""
    partnership = (
        Partnership.objects.filter(cohort_id=pk, status__in=year.LIVE)
        .filter(aspiring__user=request.user)
        .first()
    ) or (
        Partnership.objects.filter(cohort_id=pk, status__in=year.LIVE)
        .filter(established__user=request.user)
        .first()
    )
    if partnership is None:
        raise Http404
    return redirect("partnerships:hub", pk=partnership.pk)


# The partnership page's forms: each posts to its own action, with the action as its
# prefix so the page's field ids stay unique. (form, what to do with the cleaned data,
# what to tell the person).
FORMS = {
    "meeting": (
        MeetingForm,
        lambda p, user, data: year.meeting_log(partnership=p, by=user, **data),
        "Meeting logged. Your partner can confirm it.",
    ),
    "plan": (
        PlanForm,
        lambda p, user, data: year.meeting_plan(partnership=p, by=user, **data),
        "Next meeting saved. Add it to your calendar.",
    ),
    "goal": (
        GoalForm,
        lambda p, user, data: year.goal_add(partnership=p, owner=user, **data),
        "Goal added.",
    ),
    "note": (
        NoteForm,
        lambda p, user, data: year.shared_note_add(partnership=p, author=user, **data),
        "Shared note added.",
    ),
    "reflection": (
        ReflectionForm,
        lambda p, user, data: year.reflection_add(partnership=p, author=user, **data),
        "Reflection saved. Only you can read it.",
    ),
    "support": (
        SupportForm,
        lambda p, user, data: year.support_request(partnership=p, by=user, **data),
        "The faculty have been told and will be in touch.",
    ),
    "afterwards": (
        AfterwardsForm,
        lambda p, user, data: year.afterwards_answer(partnership=p, user=user, **data),
        "Thank you. We have noted your plans.",
    ),
}


@sensitive_post_parameters("reflection-text")
@require_POST
@login_required
def hub_post(request, pk: int, action: str):
    """Every form on the partnership page posts here. Reflection text is marked sensitive
    so it never appears in error reports."""
    partnership = _own_partnership(request.user, pk)
    user = request.user
    try:
        if action in FORMS:
            form_class, act, message = FORMS[action]
            form = form_class(request.POST, prefix=action)
            if not form.is_valid():
                return _hub(request, partnership, **{f"{action}_form": form})
            act(partnership, user, form.cleaned_data)
            messages.success(request, message)
        elif action == "agree":
            year.agreement_accept(partnership=partnership, user=user)
            messages.success(request, "You have agreed the ground rules.")
        elif action == "confirm":
            meeting = get_object_or_404(
                Meeting, pk=request.POST.get("meeting"), partnership=partnership
            )
            year.meeting_confirm(meeting=meeting, by=user)
            messages.success(request, "Meeting confirmed.")
        elif action == "goal-note":
            form = GoalNoteForm(request.POST)
            if form.is_valid():
                goal = get_object_or_404(
                    Goal, pk=form.cleaned_data["goal"], partnership=partnership
                )
                year.goal_note_add(goal=goal, by=user, text=form.cleaned_data["text"])
                messages.success(request, "Progress noted.")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("partnerships:hub", pk=partnership.pk)


@require_GET
@login_required
def next_meeting_ics(request, pk: int):
    partnership = _own_partnership(request.user, pk)
    planned = get_object_or_404(PlannedMeeting, partnership=partnership)
    response = HttpResponse(year.meeting_ics(planned), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="next-meeting.ics"'
    return response
