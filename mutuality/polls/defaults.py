"""The shared default instrument, made from the impact engine's question bank.

One function for the data migration that makes it on a new database and for
``services.default_instrument``, which makes it again where a test or the demo emptied the
tables. It takes the two model classes, so the migration can pass its historical models.
"""

from mutuality.impact.instrument import ASPIRING, DEFAULT_INSTRUMENT, ESTABLISHED

NAME = DEFAULT_INSTRUMENT.name
BOTH = "both"  # Question.Sides.BOTH


def _side(sides) -> str:
    """The question bank's one value for the engine's side or sides."""
    sides = tuple(sides) if not isinstance(sides, str) else (sides,)
    if len(sides) == 1 and sides[0] in (ASPIRING, ESTABLISHED):
        return sides[0]
    return BOTH


def default_instrument_make(instrument_model, question_model):
    """The shared instrument, with its questions if it had to be made. One that exists is
    left alone: a team may have edited it."""
    instrument, created = instrument_model.objects.get_or_create(
        name=NAME, programme=None, defaults={"description": DEFAULT_INSTRUMENT.description}
    )
    if created:
        # An early migration's historical model has no ``after_start`` yet; a later one sets it.
        later = any(f.name == "after_start" for f in question_model._meta.get_fields())
        question_model.objects.bulk_create(
            question_model(
                instrument=instrument,
                key=q.key,
                order=order,
                kind=q.kind,
                text=q.text,
                headline=q.headline,
                short=q.short,
                sides=_side(q.sides),
                options=list(q.options),
                **({"after_start": q.after_start} if later else {}),
            )
            for order, q in enumerate(DEFAULT_INSTRUMENT.questions)
        )
    return instrument
