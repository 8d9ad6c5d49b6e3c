"""The partnership year as files to download: the next meeting as a calendar event."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import PlannedMeeting


def meeting_ics(planned: PlannedMeeting) -> bytes:
    """An iCalendar file for the planned meeting. The UID stays the same when it moves and
    SEQUENCE goes up, so calendars update the event instead of adding another."""
    partnership = planned.partnership
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SERVICE_NAME}//partnership meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"partnership-{partnership.pk}-next@{settings.SERVICE_NAME.lower()}")
    event.add("sequence", planned.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", planned.starts_at)
    event.add("dtend", planned.starts_at + timedelta(minutes=planned.minutes))
    first, second = partnership.aspiring.user, partnership.established.user
    event.add("summary", f"Learning partners: {first.get_full_name()} and {second.get_full_name()}")
    if planned.where:
        event.add("location", planned.where)
    calendar.add_component(event)
    return calendar.to_ical()
