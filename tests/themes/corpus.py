# ruff: noqa: E501  (one statement a line reads better than wrapped strings)
"""An invented corpus of theme statements about NHS organisational culture, by topic.

Written for these tests in the voice of notes from reciprocal mentoring labs. The topic is the
grouping a person would make; the clustering tests check the engine recovers most of it.

Below them, themes written for the identifying-detail check, with the names of people marked,
and :func:`score_names`, which measures the check on them (tests and ``bench/themes.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from mutuality.themes import Context, check

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


# The identifying-detail check: themes with and without names of people.
#
# Each theme marks every person's name as [[name]]: that is what a moderator would take out.
# Themes also name wards, teams, places, dates, faiths, countries, products and job titles,
# which are not names of people: a "name" flag on them counts as a false positive. A few hide
# a name with a zero-width space or joiner, a Cyrillic letter or full-width letters.
# The held-out sets were written after the rules and measured once before any change for
# them (the figures are in docs/decisions/0011-names-in-themes.md).

NAME_THEMES: tuple[str, ...] = (
    "[[Aaron]] on ward 7 was told his adjustments were a favour, not a right.",
    "Mr [[Okonkwo]] waited three months for a chair that suited his back.",
    "[[Priya]] in payroll sorted my overpayment in a day when nobody else would.",
    "The HR manager [[Dave]] told me flexible working was only for parents.",
    "My line manager, [[Siobhan]], rearranges the rota so I can do the school run.",
    "[[Grace]] said she had stopped putting her hand up for acting-up posts.",
    "[[Will]] was moved to nights without anyone asking him first.",
    "Sister [[Adeyemi]] covers every gap on the rota herself and nobody notices.",
    "Dr [[Chaudhry]] asked why the interview panel was all white men again.",
    "[[Wojciech]] from estates said the lift has been broken since the spring.",
    "When [[Fatima]] asked for a prayer room, she was sent to the chaplaincy office.",
    "[[Mark]] told the team he would not be reapplying for his own job.",
    "Our ward manager [[Bernadette]] never lets anyone leave on time.",
    "[[Tariq]] was passed over for band 7 twice, both times for someone he had trained.",
    "Nurse [[Mensah]] had to translate for a patient's family on her break.",
    "[[Andreea]] felt that her accent was the reason she was not shortlisted.",
    "I told [[Niamh]] about my diagnosis and by Friday the whole unit knew.",
    "[[Hiroshi]], the registrar on nights, said the handover was rushed every time.",
    "[[Oluwaseun]] said she was called aggressive for asking a direct question.",
    "Mrs [[Kowalska]] from the patient panel said the posters were only in English.",
    "[[Jun]] and [[Wei]] were the only two overseas nurses on the preceptorship course.",
    "[[Rajesh]] in IT set up my screen reader after six weeks of emails.",
    "Professor [[Hallam]] said research time is a privilege, not part of the job.",
    "[[Mehmet]] was told his qualifications from Istanbul did not count here.",
    "[[Ayesha]] said she takes her annual leave during Ramadan because there is no other way.",
    "The matron, [[Joan]], told us to stop raising concerns in writing.",
    "[[Ngozi]] has been acting up for eighteen months with no advert in sight.",
    "[[Bilal]] said the porters are never invited to team away days.",
    "Our consultant [[Patel]] took the time to explain the audit to the healthcare assistants.",
    "[[Sunita]] asked for a phased return and was told to use annual leave instead.",
    "[[João]] keeps being asked where he is really from.",
    "[[Chidi]] said he would rather leave than raise another grievance.",
    "I spoke to [[Mohammed]] in recruitment and he had never heard of the guaranteed interview scheme.",
    "[[Karen]], the practice manager, shouted at a receptionist in front of patients.",
    "[[Hannah]] said her mentor helped her rehearse for the interview and she got the job.",
    "Dr [[Rahman]] from cardiology leads the only inclusive recruitment pilot we have.",
    "[[Stephen]] told me that reasonable adjustments are just a way to get out of nights.",
    "[[Lakshmi]] was singled out in a meeting for wearing a headscarf in theatre.",
    "[[Gary]] in finance queried every claim I made for travel to the hub.",
    "Ms [[Obi]] said she only got her promotion after threatening to leave.",
    "[[Rose]] said the bank shifts were given to friends of the coordinator.",
    "My mentor [[Claire]] said she had never thought about how hard it is to get a parking space near the entrance with a blue badge.",
    "[[Ahmed]] said it felt like the staff network only existed for the annual report.",
    "[[Zainab]] was told her hijab was a hygiene risk by a colleague who had not read the policy.",
    "[[Pawel]] said he never got a reply after reporting the incident on Datix.",
    "[[Tomasz]] and [[Marek]] from housekeeping said no one explains the new rota to them.",
    "[[Michelle]] felt she had to hide her dyslexia from her assessor.",
    "[[Samuel]] said his reverse mentor taught him more in three sessions than a year of training.",
    "Uncle [[Femi]] rings the ward every day and the staff now know him by name.",
    "[[Deepa]] was asked to cover the stroke unit on her first week back from maternity leave.",
    "Dr [[Kumar]] said the rota coordinators treat international doctors as spare parts.",
    "[[Lucy]] asked whether anyone had done an equality impact assessment on the car park changes.",
    "I had coffee with [[Ibrahim]] and he said nobody had ever asked about his career plans.",
    "[[Yusuf]] in pharmacy was blamed for a delay that started on the ward.",
    "[[Emma]] was told she was too emotional to lead the team.",
    "[[Olga]] said she had to prove her English again even after ten years here.",
    "[[Dev]] refused to sign the appraisal because the objectives were copied from last year.",
    "Our deputy director [[Graham]] came to the lab and listened for the whole hour.",
    "[[Aisha]] said she only hears about secondments after they have been filled.",
    "[[Connor]] from the bank office said agency staff get better shifts than our own.",
    "[[Mariam]] has been on a fixed-term contract for four years.",
    "[[Callum]] thought the mentoring pairs were picked to look good in the report.",
    "The estates lead [[Kevin]] said the quiet room would cost too much to heat.",
    "Nurse [[Bakare]] was reported by a patient for speaking Yoruba on the phone.",
    "[[Jasmine]] said the menopause policy exists but nobody has read it.",
    "[[Ravi]], our clinical lead, asks the students to call him by his first name.",
    '[[Sophie]] was refused flexible working because "everyone would want it".',
    "[[Agnieszka]] said the induction pack had no pictures and used too many acronyms.",
    "Mr [[Nwosu]] was told his complaint would be looked at after the inspection.",
    "[[Paul]] said consultants do not come to the staff network because it clashes with clinics.",
    "[[Siddharth]] asked his manager about the leadership course and was told to wait a year.",
    "[[Noor]] said the occupational health referral took longer than her sickness absence.",
    "[[Kwame]] was the only Black man at the senior leadership away day.",
    "[[Deborah]] felt the exit interview was just a form nobody would read.",
    "[[Abdul]] said the cleaners are spoken to as if they are invisible.",
    "I asked [[Bogdan]] if he felt included and he laughed.",
    "[[Catherine]] from the patient experience team said complaints about staff accents are never challenged.",
    "Sister [[Mary]] retires in the spring and no one has been trained to take over.",
    "[[Helen]] said her team hides mistakes because the last person who owned up was disciplined.",
    "[[Usman]] joined as a healthcare assistant and is now training as a nurse, but only because his mentor pushed.",
    "[[Amina]] felt the dress code was written with no thought for people who cover their hair.",
    "Dr [[Nakamura]] said rota gaps are filled by whoever cannot say no.",
    "[[Thomas]] said his dyslexia assessment took eleven months.",
    "[[Precious]] said the name badge printer could not spell her surname.",
    '[[Ifeoma]] was told to "tone it down" in her appraisal.',
    "My buddy [[Kieran]] says the new starters are left alone on their second shift.",
    "[[Ewa]] and [[Lena]] in the laboratory said they had never met the chief executive.",
    "[[Nadia]] asked HR for the pay gap figures and got a link to the annual report.",
    "[[Imran]] said the chaplaincy is the only place that feels safe to talk.",
    "[[Gareth]] told the lab that the finance team sees mentoring as a cost with no return.",
    "[[Bukola]] was asked to show her passport again when she changed wards.",
    "Matron [[Hughes]] said the staff survey results were posted on the wall and then taken down.",
    "[[Shanice]] felt judged for taking her son to hospital appointments.",
    "[[Marcus]] said he had to teach his manager what an adjustment passport is.",
    "[[Yasmin]] was overlooked for the secondment while she was on maternity leave.",
    "[[Ciaran]] said the night team never gets the cake when a target is met.",
    '[[Florin]] from portering said patients ask for a "British" porter.',
    "[[Anjali]] said she was only invited to the board to talk about diversity.",
    "[[Hope]] said the buddy scheme kept her in nursing during her first year.",
    "[[May]] said the staff network chair role should be paid.",
    "I sat with [[Olumide]] at lunch and he said the canteen closes before the night staff wake up.",
    "We only found out about the secondment because [[Bronwen]] forwarded the email.",
    "Thanks to [[Kofi]] the new starters had someone to eat with.",
    "The rota was changed again after [[Tendai]] went off sick.",
    "Nobody noticed that [[Lwazi]] had worked nine nights in a row.",
    "Everyone on the unit asks [[Magdalena]] when they cannot work out the e-rostering system.",
    "It took a complaint from [[Hamza]]'s wife before the ramp was fixed.",
    "The HCA on bay three, [[Esi]], was the only one who spoke to the family in Twi.",
    "We gave [[Dorota]] the keys to the quiet room because she was the only one who used it.",
    "The consultants listen to [[Ikechukwu]] only when the registrar repeats what he said.",
    "Staff were upset when [[Gurpreet]]'s leaving do was cancelled for a meeting.",
    "After [[Rhiannon]] left, the team stopped having one-to-ones altogether.",
    "A patient refused care from [[Shabnam]] and the nurse in charge agreed to swap.",
    "Nothing changed until [[Declan]] wrote to the chief executive.",
    "The best listener in our lab is [[Thandiwe]], who asks the questions nobody else will.",
    "[[Obinna]] and I both applied and neither of us got feedback.",
    "I keep thinking about what [[Parveen]] told us about being the only woman in the room.",
    "The rota coordinator gave [[Sian]] every bank holiday this year.",
    "One healthcare assistant, [[Joy]], has covered the late shift alone for a month.",
    "Our practice nurse [[Bola]] runs the baby clinic and the flu clinic with no admin support.",
    "Most of the ward still calls [[Xiaoming]] by an English nickname he never chose.",
    "The night coordinator, [[Chukwuemeka]], was told to go home when he raised the staffing level.",
    "The trust's award went to the manager, not to [[Anita]] who did the work.",
    "Even [[Bernard]] from the board admitted the policy was unworkable.",
    "[[Aa\u200bron]] on ward 7 was told the same thing again last week.",
    "[[\u0420riya]] in payroll fixed it within the hour.",
    "Dr [[\uff2b\uff48\uff41\uff4e]] said the rota was unfair on international graduates.",
    "Mr [[Okon\u200ckwo]]'s complaint about the lift went unanswered.",
    "[[Gráinne]] said the Irish nurses are always given the same jokes.",
    "[[Zoë]] in the bank office said the rates are set centrally.",
)
"""Themes naming one or more people (names marked)."""

PLAIN_THEMES: tuple[str, ...] = (
    "Nights on Ward 12 are covered by agency nurses who do not know where anything is.",
    "The night shift on the acute medical unit never gets protected breaks.",
    "In May the trust launched a new wellbeing offer, but nobody on the wards had time to use it.",
    "Hope is in short supply on the stroke unit since the vacancy freeze.",
    "Black staff said the race equality plan had no dates and no owners.",
    "White British managers are the majority on every shortlisting panel we looked at.",
    "Will the new rostering system take caring responsibilities into account?",
    "The Freedom to Speak Up Guardian is only available on Tuesdays.",
    "Grace periods for returning the laptop are shorter for bank staff than for permanent staff.",
    "Mark the date: the staff survey closes at the end of November and reminders stop.",
    "On 14 March the whole team was told about the restructure by email.",
    "Bradford Royal Infirmary and Leeds General Infirmary have different uniforms for the same band.",
    "The Mary Seacole programme was valued, but nobody was given study leave to finish it.",
    "Staff from the Philippines and India are recruited at band 5 whatever their experience.",
    "Polish and Romanian colleagues said the training is never offered in plain English.",
    "Muslim colleagues said there was no space to pray during a twelve-hour shift.",
    "Christmas leave is given to the same people every year.",
    "During Ramadan the canteen closes before colleagues can break their fast.",
    "Diwali and Eid are not in the trust calendar, only Christmas and Easter.",
    "The Chief People Officer wrote a blog about inclusion but the policy has not changed.",
    "Our Director of Nursing visits the wards, but only on weekdays.",
    "Occupational Health sends letters that managers never read.",
    "The Intensive Care Unit has the highest turnover of any area.",
    "Maternity staff say the birth centre rota changes weekly without warning.",
    "The Heron Team meets on Thursdays, which rules out part-timers.",
    "Microsoft Teams calls with cameras off make it hard to build trust.",
    "Datix reports about racism go into a queue and nobody hears back.",
    "The Agenda for Change banding review left some roles behind.",
    "NHS England guidance on reasonable adjustments is not known on the wards.",
    "Band 6 nurses act as coordinators without the pay or the training.",
    "The Leadership Academy courses are full within hours of being advertised.",
    "Payroll errors hit the lowest paid hardest because they have no savings.",
    "Estates staff are left out of the staff awards every year.",
    "Pharmacy technicians said they are treated as shop assistants by some doctors.",
    "Our team in outpatients has had four managers in two years.",
    "Clinical Site Managers carry the bleep for the whole hospital at night.",
    "The Wellbeing Hub is in the basement with no windows and no signal.",
    "Junior doctors said the mess was closed to save money.",
    "Healthcare assistants are not invited to the morning huddle.",
    "The Trust Board papers mention inclusion on every page but the board is not diverse.",
    "The staff network for disabled colleagues has no budget and no protected time.",
    "Long Covid has left several colleagues on reduced hours with no clear route back.",
    "Young people on apprenticeships said they are given the jobs nobody else wants.",
    "Older nurses said the night shifts are harder each year but part-time posts are rare.",
    "The Care Quality Commission visit changed nothing for the support staff.",
    "On the Day Surgery Unit the lists overrun and staff miss their buses.",
    "Good managers make the difference, but good management is not rewarded.",
    "Strong opinions in the lab were welcomed, which made it feel safe.",
    "Little things matter, like being greeted by name on a ward round.",
    "Small teams like ours cannot release people for a full day of training.",
    "Field staff in the community are the last to hear about changes.",
    "Brown envelopes with payslips still go to the wrong base.",
    "Green spaces around the hospital were built over for a car park.",
    "Grey areas in the policy mean each manager decides differently.",
    "King's Fund research was quoted at the board but not acted on.",
    "St Thomas' and other London trusts pay more, so our band 5s leave.",
    "Victoria Road clinic has no step-free access for staff.",
    "Young carers among our staff are invisible to managers.",
    "Every ward has a different version of the sickness policy.",
    "The recruitment team advertises posts for only a week in the summer.",
    "Interview dates are set before the advert closes.",
    "Community nurses in Wakefield said the mileage rate has not kept up with fuel.",
    "The mentoring pairs met on Teams because their sites are an hour apart.",
    "Sessions at the Old Mill site are hard to reach without a car.",
    "The Royal College guidance on rest breaks is ignored on the busiest days.",
    "Staff with autism said open-plan offices drain them before lunchtime.",
    "People with caring responsibilities are asked to justify every change of shift.",
    "The ICB workforce team collects equality data but does not share it back.",
    "The Integrated Care Board held a listening event that clashed with handover.",
    "The council's social workers and our nurses are on different pay dates, which matters for joint teams.",
    "Apprentices in the finance department feel they are not real staff.",
    "The Chaplaincy offers a quiet room, but it is booked for meetings most days.",
    "Reception staff take the brunt of patients' anger about waiting times.",
    "Theatre staff said the culture changes completely when certain consultants are on.",
    "Bullying is talked about in the abstract but never named in a meeting.",
    "New starters from overseas are housed far from the hospital with no bus route.",
    "The People Promise posters went up before anything changed.",
    "Nobody in the senior team has ever worked a night shift here.",
    "Access to the leadership course depends on your manager signing the form.",
    "Exit interviews are optional, and most people do not bother.",
    "Staff said the wellbeing survey was too long and asked personal questions.",
    "Appraisal paperwork is different in every directorate.",
    "Feedback from the lab was shared with the board on 3 June, but nothing came back.",
    "The rota for August was published two days before it started.",
    "Phased returns are agreed by occupational health and then ignored by the rota.",
    "Colleagues who speak up are labelled difficult, especially if they are Black women.",
    "People from the Caribbean community said they are still asked where they trained.",
    "The South Asian staff network asked for data on disciplinaries and was told it was confidential.",
    "English is a second language for many of our domestic staff and nobody checks they understood the training.",
    "French and Spanish nurses left after the rules on registration changed.",
    "Welsh-speaking patients asked for Welsh-speaking staff, but the rota does not track it.",
    "The Ambulance Service handover delays mean staff stand in corridors for hours.",
    "Paramedics said their rest breaks are interrupted by calls every time.",
    "Security guards at the front entrance are agency staff who change every week.",
    "Speech and language therapists are spread across five sites.",
    "Dietitians were left out of the workforce plan.",
    "Physiotherapy staff said the gym is used as a storage room.",
    "The Oak Ward refurbishment was done without asking the staff who work there.",
    "Rowan Ward has lost six nurses since the summer.",
    "The Bluebell Unit is closing and staff have not been told where they will go.",
    "Ward 4B staff said handovers in the corridor break confidentiality.",
    "The maternity unit's night team feels forgotten by day managers.",
    "Our Medical Director said the appraisal system would be fixed by April.",
    "The Head of Estates agreed to a quiet room and then left the trust.",
    "The team at the GP practice said the partners make all the decisions.",
    "The hospice team is small, so any complaint feels personal.",
    "Volunteers at the front desk are the first face patients see, and they get no training on racism.",
    "The library team runs the only free study space on site.",
    "Mental Health Act training is booked a year ahead.",
    "Learning Disability nurses say their specialism is misunderstood by other teams.",
    "Student nurses on placement in the summer said nobody expected them.",
    "Cleaning staff are told about infection outbreaks last.",
    "The March restructure was announced on a Friday afternoon.",
    "Pride month was celebrated online but the staff network had no budget for it.",
    "Black History Month events are run by volunteers in their own time.",
    "International Nurses Day was marked with an email and a cake.",
    "The Windrush generation nurses who trained here are rarely invited to speak.",
    "Rota coordinators have their own favourites and everyone knows it.",
    "Managers said they want to support flexible working but cannot see how on a ward.",
    "The new starter checklist has nothing about reasonable adjustments.",
    "Leeds and Sheffield trusts share a bank, but the rates differ.",
    "Nurses in Harrogate said the travel time to the hub is not paid.",
    "Patients from Hull are treated here, and staff travel back with them.",
    "Teams in Dewsbury felt the merger was decided before the consultation.",
    "Outlook calendars are open to everyone, so people book over lunch.",
    "Excel spreadsheets are still used to plan the rota on most wards.",
    "ESR does not record reasonable adjustments anywhere.",
    "Workday training was cancelled twice and the new system goes live anyway.",
    "Florence Nightingale Foundation scholarships are advertised to senior nurses only.",
    "Sickness absence on the Acute Medical Unit rose after the new shift pattern.",
    "Physiotherapists said their caseload doubled over the winter.",
    "Radiographers were told to cover the weekend without extra pay.",
    "Porters asked for radios and were told there was no money.",
    "Midwives said the birth centre closes whenever a single shift is short.",
    "Nights rotate every four weeks, which wrecks childcare arrangements.",
    "Carers' leave exists on paper but managers refuse it.",
    "Domestic staff said agency cleaners get better equipment than they do.",
    "Chaplains are asked to support staff after deaths but are not on the rota.",
    "Kindness is talked about in every board paper but rarely in appraisals.",
    "Patience runs thin when the same problem is raised at every meeting.",
    "Faith groups on site were not consulted about the new prayer room.",
    "Summer holidays are allocated by seniority, so new starters get nothing.",
    "Frank conversations happen in the car park, not in meetings.",
    "Rich discussion in the lab made people feel heard.",
    "Ivy House is the only building with a working lift.",
    "Holly Lodge staff said they were forgotten in the move.",
    "Orchard Ward is always the first to lose staff to other areas.",
    "Chance meetings in the corridor are where most decisions get made.",
    "Justice for staff who were disciplined unfairly is never discussed.",
    "Joy at work depends on a manager who notices you.",
)
"""Themes naming nobody, many with capitalised words that are not names."""

HELD_OUT_NAME_THEMES: tuple[str, ...] = (
    "It was [[Efua]] who noticed the new starter crying in the sluice.",
    "Our team leader [[Nkechi]] is the reason half of us stayed through the winter.",
    "I asked [[Szymon]] why he never comes to the network and he said nobody told him it existed.",
    "The physio on the stroke unit, [[Anwen]], built the whole falls pathway herself.",
    "[[Babajide]]'s appraisal was cancelled four times in a row.",
    "If [[Roisin]] had not pushed, the adjustment would never have happened.",
    "My reverse mentor [[Tunde]] showed me what the staff car park feels like at 7am.",
    "A relative told [[Preeti]] to go back where she came from and nobody challenged it.",
    "[[Grace]] from the discharge team said the transport bookings are always late.",
    "[[Leon]] said the agency rate is higher than his salary for the same shift.",
    "The domestic on our floor, [[Milica]], knows more about the patients than most of the doctors.",
    "We only learnt about the policy change because [[Oksana]] printed it out.",
    'Dr [[Adeleke]] was introduced to a patient as "the foreign doctor".',
    "Nobody on the panel had met [[Kavita]] before, yet they all had an opinion of her.",
    "[[Harriet]] said the flexible working form asks for a reason, which feels like a test.",
    "[[Mustafa]] from switchboard said night staff are never thanked in the newsletter.",
    "I worked with [[Eilidh]] on the audit and she did all of the analysis.",
    "Mrs [[Appiah]] said the ward manager promised a meeting and never booked it.",
    "[[Will]] told us the shortlisting notes were thrown away after a week.",
    "[[Jean-Baptiste]] said his French qualifications took a year to be recognised.",
    "Everyone knows [[Mandeep]] covers the weekend when the rota has gaps.",
    'The registrar [[Aoife]] was told she was "too quiet" to be a surgeon.',
    "[[Rukhsana]] said her manager only talks to her about sickness.",
    "When [[Segun]] asked about promotion, his manager laughed.",
    "[[Daniela]] and [[Bartosz]] said the induction was held in a room without a hearing loop.",
    "[[Hussein]] said the porters' lodge has no toilet.",
    "Sister [[Achieng]] said the bank staff get the heaviest bays.",
    "[[Lowri]] felt she could not mention her anxiety at interview.",
    "[[Maya]] in procurement said nobody asks disabled staff which chairs they need.",
    "Our GP partner [[Sandeep]] said the practice cannot afford protected learning time.",
)
"""Themes naming people, written after the rules were."""

HELD_OUT_PLAIN_THEMES: tuple[str, ...] = (
    "Bank holidays are shared out by the same manager every year.",
    "The Emergency Department waiting room has no space for staff to speak privately to families.",
    "Shift handovers at Kirkstall Lodge are rushed because the buses stop at six.",
    "Staff in Calderdale said the new trust logo cost more than the staff awards.",
    "Sheffield colleagues said the regional network is run from Leeds for Leeds.",
    "The Burns Unit lost its psychologist and nobody replaced her.",
    "Patient Advice and Liaison Service complaints about staff are sent to the wrong manager.",
    "Overseas nurses arriving in January were put up in a hotel for a month.",
    "A Muslim colleague said the Friday prayer time clashes with every team meeting.",
    "The June rota went out with three nights in a row for every part-timer.",
    "Many staff said they fear that speaking up will affect their references.",
    "Agency staff were thanked at the awards and bank staff were not.",
    "The wellbeing champions have no time set aside in their job plans.",
    "Teaching sessions are held in the doctors' mess, which nurses feel they cannot enter.",
    "Cancer services staff said the targets matter more than the people.",
    "The Catholic chaplain is the only one on call at weekends.",
    "Hindu colleagues were not told the canteen serves beef in the gravy.",
    "Coaching is offered to band 8 and above, never to support staff.",
    "Sickness policy meetings are booked during people's sick leave.",
    "The Acute Frailty Unit runs on goodwill and extra shifts.",
    "Our Chief Executive spoke about kindness in a video that nobody watched.",
    "The Equality, Diversity and Inclusion lead post has been vacant since the spring.",
    "Graduate nurses from Nigeria and Ghana said their preceptorship was shorter than others'.",
    "The Ward Sister role has been renamed, but the workload is the same.",
    "Clinical Nurse Specialists are pulled onto the wards whenever staffing is short.",
    "May and June are the worst months for annual leave requests.",
    "Will anyone read the results of this survey?",
    "Black and Asian staff are over-represented in formal capability processes.",
    "Grace and patience are expected from staff who are abused by patients.",
    "Mark sheets from the interviews are never shared with candidates.",
)
"""Themes naming nobody, written after the rules were."""


_MARK = re.compile(r"\[\[(.+?)\]\]")


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The theme without its [[ ]] marks, and the span of each marked name in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    length = 0
    for m in _MARK.finditer(marked):
        parts.append(marked[position : m.start()])
        length += m.start() - position
        spans.append((length, length + len(m.group(1))))
        parts.append(m.group(1))
        length += len(m.group(1))
        position = m.end()
    parts.append(marked[position:])
    return "".join(parts), tuple(spans)


@dataclass(frozen=True)
class NameScores:
    """How well the check finds names in a labelled set of themes.

    ``recall`` is the share of marked names covered whole by a ``person`` or ``name`` flag;
    ``false_positive_rate`` the share of themes naming nobody that get any such flag.
    """

    names: int
    found: int
    plain: int
    plain_flagged: int
    misses: tuple[str, ...]
    false_flags: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.names

    @property
    def false_positive_rate(self) -> float:
        return self.plain_flagged / self.plain


def score_names(marked_themes: Iterable[str], context: Context | None = None) -> NameScores:
    """Run the check on every theme and count names found, names missed and false flags."""
    context = context or Context()
    names = found = plain = plain_flagged = 0
    misses: list[str] = []
    false_flags: list[str] = []
    for marked in marked_themes:
        text, spans = unmark(marked)
        flags = [f for f in check(text, context) if f.rule in ("person", "name")]
        for start, end in spans:
            names += 1
            if any(f.start <= start and end <= f.end for f in flags):
                found += 1
            else:
                misses.append(f"{text[start:end]!r} in: {text}")
        wrong = [f for f in flags if not any(f.start < e and s < f.end for s, e in spans)]
        false_flags.extend(f"{f.text!r} ({f.message}) in: {text}" for f in wrong)
        if not spans:
            plain += 1
            plain_flagged += bool(wrong)
    return NameScores(names, found, plain, plain_flagged, tuple(misses), tuple(false_flags))


DEVELOPMENT: Final = (*NAME_THEMES, *PLAIN_THEMES, *TEXTS)
"""The themes the name rules were written against (with the grouping corpus, which names no one)."""
HELD_OUT: Final = (*HELD_OUT_NAME_THEMES, *HELD_OUT_PLAIN_THEMES)
ALL_NAME_CORPUS: Final = (*DEVELOPMENT, *HELD_OUT)
