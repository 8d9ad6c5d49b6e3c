from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.applications.models import AboutMeSection
from mutuality.audit.models import audit_special_category_read
from mutuality.permissions import get_cohort_for

from . import presenters, selectors, services
from .forms import MaterialForm, ReplyForm, SessionForm, SlotForm
from .models import Session, SupervisionSlot

RUN = "timeline.run"


def _timeline_page(request, cohort, *, slot_form: SlotForm | None = None):
    return render(
        request,
        "timeline/cohort.jinja",
        {
            "cohort": cohort,
            **selectors.cohort_timeline(cohort),
            "slot_form": slot_form or SlotForm(prefix="slot"),
        },
    )


@require_GET
@login_required
def cohort_timeline(request, pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    return _timeline_page(request, cohort)


@require_POST
@login_required
def lay_out(request, pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    made = services.timeline_lay_out(cohort=cohort)
    messages.success(request, f"The timeline has {len(made)} sessions. Adjust any that need it.")
    return redirect("timeline:cohort", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request, pk: int, session_pk: int | None = None):
    cohort = get_cohort_for(request.user, pk, RUN)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort) if session_pk else None
    if session and session.cancelled_at:
        messages.error(request, "This session is cancelled. Add a new session instead.")
        return redirect(session)
    before = (session.starts_at, session.minutes, session.venue, session.link) if session else None
    form = SessionForm(request.POST or None, instance=session or Session(cohort=cohort))
    if request.method == "POST" and form.is_valid():
        if session is None:
            saved, invited = services.session_add(form=form, by=request.user)
            messages.success(request, f"Session added and {invited} people invited.")
        else:
            saved = form.save(commit=False)
            moved = before != (saved.starts_at, saved.minutes, saved.venue, saved.link)
            services.session_update(session=saved, moved=moved)
            messages.success(
                request, "Saved. Everyone invited has the new details." if moved else "Saved."
            )
        return redirect(saved)
    return render(
        request, "timeline/session_edit.jinja", {"cohort": cohort, "form": form, "object": session}
    )


def _session_page(request, cohort, session, *, material_form: MaterialForm | None = None):
    register = selectors.session_register(session)
    # The adjustments faculty need, where people chose to share them with faculty: a read of
    # special category data, recorded (ADR 0007).
    audit_special_category_read(
        actor=request.user,
        subjects=[
            s.profile.user
            for s in register["adjustments"]
            if s.key == AboutMeSection.Key.ADJUSTMENTS
        ],
        what="reasonable adjustments",
        where="session page",
    )
    return render(
        request,
        "timeline/session.jinja",
        {
            "cohort": cohort,
            "session": session,
            **register,
            "material_form": material_form or MaterialForm(prefix="material"),
        },
    )


@require_GET
@login_required
def session_detail(request, pk: int, session_pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort)
    return _session_page(request, cohort, session)


@require_POST
@login_required
def register(request, pk: int, session_pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    count = services.register_take(session=session, present_ids=present, by=request.user)
    messages.success(request, f"Register saved: {len(present)} of {count} present.")
    return redirect(session)


@require_POST
@login_required
def cancel(request, pk: int, session_pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort)
    try:
        services.session_cancel(session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Cancelled. Everyone invited has been told.")
    return redirect(session)


@require_POST
@login_required
def material_add(request, pk: int, session_pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort)
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    if not form.is_valid():
        # The page again, with what was typed and an error summary naming each field.
        return _session_page(request, cohort, session, material_form=form)
    services.material_add(session=session, **form.cleaned_data)
    messages.success(request, "Material added.")
    return redirect(session)


@require_GET
@login_required
def material_download(request, pk: int, material_pk: int):
    """Uploaded materials are for the cohort: its team and the people invited to the
    session. They are served through this check, never as public media files."""
    cohort = get_cohort_for(request.user, pk)
    material = selectors.material_of(cohort, material_pk)
    if material is None:
        raise Http404
    allowed = request.user.has_perm(RUN, cohort) or selectors.is_invited(
        material.session, request.user
    )
    if not allowed or not material.file:
        raise Http404
    return FileResponse(material.file.open("rb"), as_attachment=True)


@require_POST
@login_required
def slot_offer(request, pk: int):
    cohort = get_cohort_for(request.user, pk, RUN)
    form = SlotForm(request.POST, prefix="slot")
    if not form.is_valid():
        return _timeline_page(request, cohort, slot_form=form)
    services.slot_offer(cohort=cohort, faculty=request.user, **form.cleaned_data)
    messages.success(request, "Supervision time offered.")
    return redirect("timeline:cohort", pk=cohort.pk)


def _participant_cohort(request, pk: int):
    cohort = get_cohort_for(request.user, pk)
    if not selectors.takes_part(cohort, request.user):
        raise Http404
    return cohort


@require_GET
@login_required
def mine(request, pk: int):
    """A participant's own timeline: what's next, and past sessions with their materials."""
    cohort = _participant_cohort(request, pk)
    return render(
        request,
        "timeline/mine.jinja",
        {
            "cohort": cohort,
            **selectors.my_timeline(cohort, request.user, now=timezone.now()),
            "reply_form": ReplyForm(),
        },
    )


@require_POST
@login_required
def reply(request, pk: int, session_pk: int):
    cohort = _participant_cohort(request, pk)
    invitation = selectors.invitation_of(cohort, request.user, session_pk)
    if invitation is None:
        raise Http404
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether you can come.")
    else:
        try:
            services.invitation_reply(invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you for letting us know.")
    return redirect("timeline:mine", pk=cohort.pk)


@require_GET
@login_required
def session_ics(request, pk: int, session_pk: int):
    cohort = _participant_cohort(request, pk)
    invitation = selectors.invitation_of(cohort, request.user, session_pk)
    if invitation is None:
        raise Http404
    session = invitation.session
    method = "CANCEL" if session.cancelled_at else "PUBLISH"
    response = HttpResponse(
        presenters.session_ics(session, method=method), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@require_POST
@login_required
def slot_book(request, pk: int, slot_pk: int):
    cohort = _participant_cohort(request, pk)
    slot = get_object_or_404(SupervisionSlot, pk=slot_pk, cohort=cohort)
    try:
        if request.POST.get("action") == "cancel":
            services.slot_cancel(slot=slot, user=request.user)
            messages.success(request, "Booking cancelled.")
        else:
            services.slot_book(slot=slot, user=request.user)
            messages.success(request, "Booked.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("timeline:mine", pk=cohort.pk)
