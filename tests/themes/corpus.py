# ruff: noqa: E501  (one statement a line reads better than wrapped strings)
"""An invented corpus of theme statements about NHS organisational culture, by topic.

Written for these tests in the voice of notes from reciprocal mentoring labs. The topic is the
grouping a person would make; the clustering tests check the engine recovers most of it.
"""

from __future__ import annotations

THEMES: tuple[tuple[str, str], ...] = (
    # Meetings culture
    (
        "meetings",
        "Meetings run back to back all day, so there is no time to think or to act on what was agreed.",
    ),
    (
        "meetings",
        "Decisions are announced in meetings rather than made in them; the real discussion happens beforehand.",
    ),
    (
        "meetings",
        "People who join meetings on Teams are talked over and the chair forgets they are there.",
    ),
    (
        "meetings",
        "Junior colleagues rarely speak in meetings with senior leaders present, even when the agenda is about their work.",
    ),
    (
        "meetings",
        "Meetings start late, overrun and have no agenda or actions, which wastes clinical time.",
    ),
    (
        "meetings",
        "Too many meetings are held at eight in the morning or after five, which excludes people with caring responsibilities.",
    ),
    (
        "meetings",
        "The same few voices dominate board meetings and challenge is seen as disloyalty.",
    ),
    # Recruitment and promotion
    (
        "recruitment",
        "Promotion depends on who you know; senior posts are often filled by acting-up before they are advertised.",
    ),
    (
        "recruitment",
        "Interview panels for senior posts are rarely diverse, and candidates notice who is sitting on the panel.",
    ),
    (
        "recruitment",
        "Shortlisting favours candidates who already know how to write an NHS application and its person specification.",
    ),
    (
        "recruitment",
        "Internationally educated nurses are recruited at band 5 and stay there for years despite their experience.",
    ),
    (
        "recruitment",
        "Feedback after an unsuccessful interview is vague, so candidates do not know what to improve for the next promotion.",
    ),
    (
        "recruitment",
        "Secondments and acting-up opportunities that lead to promotion are offered informally, not advertised to everyone.",
    ),
    (
        "recruitment",
        "Recruitment to band 8a and above takes months, and good candidates accept jobs elsewhere while they wait.",
    ),
    # Reasonable adjustments
    (
        "adjustments",
        "Disabled staff have to explain their condition again to every new manager to keep their reasonable adjustments.",
    ),
    (
        "adjustments",
        "Requests for reasonable adjustments such as specialist chairs or screen readers take months to be approved.",
    ),
    (
        "adjustments",
        "There is no adjustments passport, so reasonable adjustments are lost when disabled colleagues move to another team.",
    ),
    (
        "adjustments",
        "Neurodivergent colleagues feel they must disclose a diagnosis before any reasonable adjustment is considered.",
    ),
    (
        "adjustments",
        "Occupational health recommends adjustments but nobody owns putting them in place or paying for the equipment.",
    ),
    (
        "adjustments",
        "Staff with hidden disabilities or long-term conditions worry that asking for adjustments will count against them.",
    ),
    (
        "adjustments",
        "Managers are unsure what counts as a reasonable adjustment and fear setting a precedent for the team.",
    ),
    # Line management
    (
        "management",
        "New line managers are promoted for clinical skill and given no training in how to manage people.",
    ),
    (
        "management",
        "One-to-ones with line managers are cancelled whenever the ward is busy, which is always.",
    ),
    (
        "management",
        "Appraisals are a tick-box exercise; line managers rarely talk about career development or wellbeing.",
    ),
    (
        "management",
        "Staff change line manager so often that nobody knows their circumstances or their ambitions.",
    ),
    (
        "management",
        "Good line managers protect their team from pressure, but their own managers do not support them.",
    ),
    (
        "management",
        "Line managers have too many direct reports to give each person regular supervision and support.",
    ),
    (
        "management",
        "Whether a request is agreed depends more on the line manager than on the policy.",
    ),
    # Racism and discrimination
    (
        "racism",
        "Black and minority ethnic staff are more likely to be referred to formal disciplinary processes for the same concerns.",
    ),
    (
        "racism",
        "Racist abuse from patients is treated as part of the job and is rarely reported or followed up.",
    ),
    (
        "racism",
        "Colleagues from minority ethnic backgrounds describe microaggressions about their accents, names and hair.",
    ),
    (
        "racism",
        "When racism is raised, leaders become defensive and talk about unconscious bias training instead of action.",
    ),
    (
        "racism",
        "Staff networks for ethnic minority colleagues are not given protected time, so the burden falls on a few volunteers.",
    ),
    (
        "racism",
        "Experiences of racism and discrimination are discussed only after a survey, then forgotten until the next one.",
    ),
    (
        "racism",
        "Ethnic minority staff feel they must work twice as hard to be seen, and are overlooked because of racism.",
    ),
    # Flexible working
    (
        "flexible",
        "Requests for flexible working are refused on wards because rotas are built around full-time shifts.",
    ),
    (
        "flexible",
        "Part-time staff miss training and team meetings because they are always held on the days they do not work.",
    ),
    (
        "flexible",
        "Flexible working is seen as a favour for parents rather than an option for everyone.",
    ),
    (
        "flexible",
        "Clinical staff are told that home working and flexible hours only apply to office-based roles.",
    ),
    (
        "flexible",
        "Staff who moved to part-time hours after having children say their careers stalled.",
    ),
    (
        "flexible",
        "Self-rostering pilots made flexible working possible and sickness absence fell, but were not continued.",
    ),
    (
        "flexible",
        "Older staff would stay longer with flexible working and part-time hours, but ask and are turned down.",
    ),
)

TEXTS: tuple[str, ...] = tuple(text for _, text in THEMES)
TOPICS: tuple[str, ...] = tuple(topic for topic, _ in THEMES)
