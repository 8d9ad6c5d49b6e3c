"""The two national frameworks that an ICS People Strategy is usually mapped to.

A strategy file names them by key (``people-promise``, ``ics-people-functions``) rather than
copying them out, so every system's matrix uses the same wording and item keys. A system that
uses another framework can define it in full in its own file.

The titles are the published short titles; the item keys are ours and must not change once
strategies link to them.
"""

from __future__ import annotations

from typing import Final

from .model import Framework, FrameworkItem

PEOPLE_PROMISE: Final = Framework(
    key="people-promise",
    title="NHS People Promise",
    items=tuple(
        FrameworkItem(key, title)
        for key, title in (
            ("compassionate-inclusive", "We are compassionate and inclusive"),
            ("recognised-rewarded", "We are recognised and rewarded"),
            ("voice-that-counts", "We each have a voice that counts"),
            ("safe-healthy", "We are safe and healthy"),
            ("always-learning", "We are always learning"),
            ("work-flexibly", "We work flexibly"),
            ("team", "We are a team"),
        )
    ),
)

ICS_PEOPLE_FUNCTIONS: Final = Framework(
    key="ics-people-functions",
    title="The ten functions of an ICS people function",
    items=tuple(
        FrameworkItem(key, title)
        for key, title in (
            ("health-wellbeing", "Supporting the health and wellbeing of all staff"),
            ("growing-workforce", "Growing the workforce for the future"),
            ("inclusion-belonging", "Supporting inclusion and belonging for all"),
            (
                "leadership-learning",
                "Valuing and supporting leadership at all levels, and lifelong learning",
            ),
            (
                "workforce-transformation",
                "Leading workforce transformation and new ways of working",
            ),
            (
                "education-talent",
                "Educating, training and developing people, and managing talent",
            ),
            ("social-economic", "Driving and supporting broader social and economic development"),
            (
                "people-services",
                "Transforming people services and supporting the people profession",
            ),
            (
                "workforce-planning",
                "Leading coordinated workforce planning using analysis and intelligence",
            ),
            ("system-design", "Supporting system design and development"),
        )
    ),
)

NATIONAL_FRAMEWORKS: Final = {f.key: f for f in (PEOPLE_PROMISE, ICS_PEOPLE_FUNCTIONS)}
"""The frameworks a file may name by key alone."""
