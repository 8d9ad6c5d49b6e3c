"""Fixed answer lists shared by forms, imports and exports."""

from django.db import models

WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
]
TIMES_OF_DAY = [("morning", "morning"), ("afternoon", "afternoon"), ("evening", "evening")]
AVAILABILITY_CHOICES = [
    (f"{day}-{time}", f"{day_label} {time_label}")
    for day, day_label in WEEKDAYS
    for time, time_label in TIMES_OF_DAY
]


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"


PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")

# Ethnic groups as the 2021 Census for England and Wales asks them, at the top level.
ETHNICITY_CHOICES = [
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Another ethnic group"),
    PREFER_NOT_TO_SAY,
]
YES_NO_CHOICES = [("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY]
SEXUAL_ORIENTATION_CHOICES = [
    ("straight", "Straight or heterosexual"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
    PREFER_NOT_TO_SAY,
]
RELIGION_CHOICES = [
    ("none", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Another religion or belief"),
    PREFER_NOT_TO_SAY,
]
AGE_CHOICES = [
    ("16-24", "16 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65+", "65 or over"),
    PREFER_NOT_TO_SAY,
]

# What a person may choose to bring to matching on lived experience (only with consent).
LIVED_EXPERIENCE_CHOICES = [
    ("ethnicity", "Being from a Black, Asian or other minority ethnic background"),
    ("neurodivergence", "Being neurodivergent"),
    ("disability", "Being disabled or living with a long-term condition"),
    ("lgbtq", "Being lesbian, gay, bisexual, trans or queer"),
    ("faith", "Living my faith at work"),
    ("caring", "Caring for someone"),
    ("class", "Growing up with financial hardship or being first in my family at university"),
    ("migration", "Moving to the UK to work"),
]
