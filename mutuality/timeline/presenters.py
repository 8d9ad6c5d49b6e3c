"""Sessions as files to download and attach: the calendar invitation."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Session


def session_ics(session: Session, *, method: str) -> str:
    """An iCalendar invitation Outlook accepts: the same UID for the session's life, SEQUENCE
    up by one at each change, METHOD:CANCEL and STATUS:CANCELLED when it is called off."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SERVICE_NAME}//sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.minutes))
    event.add("summary", f"{session.cohort.programme.name}: {session.title}")
    where = (
        session.link
        if session.online
        else ", ".join(filter(None, [session.venue, session.address]))
    )
    if where:
        event.add("location", where)
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organiser.params["cn"] = vText(settings.SERVICE_NAME)
    event["organizer"] = organiser
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
