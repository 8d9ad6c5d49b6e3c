"""The two partners' own pages: everything of their partnership in one place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from mutuality.applications.models import AboutMeSection
from mutuality.audit.models import audit_special_category_read

from . import presenters, selectors, services
from .models import LIVE, Partnership
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
    partnership = selectors.partnership_for_partner(user, pk)
    if partnership is None:
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
    shared = selectors.shared_about_me(partner.user)
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
            **selectors.hub_record(partnership, user, partner.user),
            "reflections": selectors.reflections_of(partnership=partnership, author=user),
            "earlier_reflections": selectors.earlier_reflections_of(
                partnership=partnership, author=user
            ),
            "live": partnership.status in LIVE,
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
    partnership = selectors.live_partnership_of(request.user, cohort_pk=pk)
    if partnership is None:
        raise Http404
    return redirect("partnerships:hub", pk=partnership.pk)


# The partnership page's forms: each posts to its own action, with the action as its
# prefix so the page's field ids stay unique. (form, what to do with the cleaned data,
# what to tell the person).
FORMS = {
    "meeting": (
        MeetingForm,
        lambda p, user, data: services.meeting_log(partnership=p, by=user, **data),
        "Meeting logged. Your partner can confirm it.",
    ),
    "plan": (
        PlanForm,
        lambda p, user, data: services.meeting_plan(partnership=p, by=user, **data),
        "Next meeting saved. Add it to your calendar.",
    ),
    "goal": (
        GoalForm,
        lambda p, user, data: services.goal_add(partnership=p, owner=user, **data),
        "Goal added.",
    ),
    "note": (
        NoteForm,
        lambda p, user, data: services.shared_note_add(partnership=p, author=user, **data),
        "Shared note added.",
    ),
    "reflection": (
        ReflectionForm,
        lambda p, user, data: services.reflection_add(partnership=p, author=user, **data),
        "Reflection saved. Only you can read it.",
    ),
    "support": (
        SupportForm,
        lambda p, user, data: services.support_request_raise(partnership=p, by=user, **data),
        "The faculty have been told and will be in touch.",
    ),
    "afterwards": (
        AfterwardsForm,
        lambda p, user, data: services.afterwards_answer(partnership=p, user=user, **data),
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
            services.agreement_accept(partnership=partnership, user=user)
            messages.success(request, "You have agreed the ground rules.")
        elif action == "confirm":
            meeting = selectors.meeting_of(partnership, request.POST.get("meeting"))
            if meeting is None:
                raise Http404
            services.meeting_confirm(meeting=meeting, by=user)
            messages.success(request, "Meeting confirmed.")
        elif action == "goal-note":
            form = GoalNoteForm(request.POST)
            if form.is_valid():
                goal = selectors.goal_of(partnership, form.cleaned_data["goal"])
                if goal is None:
                    raise Http404
                services.goal_note_add(goal=goal, by=user, text=form.cleaned_data["text"])
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
    planned = selectors.planned_meeting(partnership)
    if planned is None:
        raise Http404
    response = HttpResponse(
        presenters.meeting_ics(planned), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="next-meeting.ics"'
    return response
