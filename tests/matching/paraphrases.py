"""Labelled pairs for the wording criterion: what an aspiring leader hopes to learn, and how the
partner the team had in mind describes their own experience, in different words.

Written for these tests (invented, in NHS staff's everyday wording). Each pair shares meaning,
not vocabulary: a criterion that only counts shared words scores most of them 0. Used by
``tests/matching/test_text_meaning.py`` and ``bench/text_match.py``.
"""

PAIRS: list[tuple[str, str]] = [
    (
        "I want to understand how budgets work and how to write a business case for my team.",
        "Fifteen years managing finances for a community trust, including cost improvement "
        "plans and funding bids.",
    ),
    (
        "Learning how decisions get made at board level and how to present to the board.",
        "I sit on our trust's executive team and have chaired governance committees.",
    ),
    (
        "I'd like to get better at influencing senior stakeholders across partner agencies.",
        "Much of my role is negotiating with councils, the voluntary sector and other "
        "organisations to get joint agreements.",
    ),
    (
        "Building confidence to apply for my first band 8a post and to do well at interview.",
        "I have sat on many recruitment panels and coach colleagues through promotion "
        "applications.",
    ),
    (
        "How to lead a big service redesign without losing the staff along the way.",
        "I led the transformation of our outpatient pathway and the restructure that came with it.",
    ),
    (
        "Using data and dashboards to show the impact of my service.",
        "My background is analytics and business intelligence: I built the performance "
        "reporting for our directorate.",
    ),
    (
        "I want to learn improvement methods so my ward can fix problems itself.",
        "Trained in QI and lean; I coach teams through PDSA cycles.",
    ),
    (
        "Understanding commissioning and how contracts with providers are agreed.",
        "I worked in procurement and contracting for the ICB before moving to provider side.",
    ),
    (
        "Managing a team for the first time, including difficult conversations about performance.",
        "I have line managed large nursing teams and handled capability processes and grievances.",
    ),
    (
        "I want to speak up more in meetings and feel comfortable presenting to large groups.",
        "I regularly give talks at conferences and run sessions on public speaking.",
    ),
    (
        "Learning how to tackle health inequalities in the communities we serve.",
        "My public health work focused on prevention and population health in deprived "
        "neighbourhoods.",
    ),
    (
        "How to look after my own wellbeing and avoid burning out as a new manager.",
        "I have led our staff resilience programme and supported colleagues through stress "
        "and exhaustion.",
    ),
    (
        "I want to understand workforce planning and how to keep good staff.",
        "I was head of recruitment and retention, and I designed our rota and establishment "
        "reviews.",
    ),
    (
        "Getting to grips with strategy: how to set a direction for a service over several years.",
        "I wrote our five-year plan and lead long-term planning across the place partnership.",
    ),
    (
        "I'd like to understand how digital tools and electronic records can change clinical work.",
        "I was chief clinical information officer and led the rollout of our EPR.",
    ),
    (
        "Learning how anti-racism work can be led from the top of an organisation.",
        "I chair our race equality network and sponsored the trust's EDI improvement plan.",
    ),
    (
        "How to lead clinically, as a nurse, beyond my own ward.",
        "I was a matron and am now deputy chief nurse for two hospital sites.",
    ),
    (
        "I want to get better at managing risk and patient safety investigations.",
        "I led serious incident reviews and our move to the patient safety incident response "
        "framework.",
    ),
    (
        "I want to learn how councils and the NHS work together on adult social care.",
        "I have been a director of adult social services and worked on hospital discharge "
        "with trusts.",
    ),
    (
        "Understanding how to win funding from charities and grant makers for my project.",
        "I ran fundraising and bids for a voluntary sector organisation for ten years.",
    ),
    (
        "Finding out how to get research into everyday practice on my unit.",
        "I am a clinical academic and lead evidence-based practice and audit for my division.",
    ),
    (
        "I hope to learn how to coach and mentor others well.",
        "I am an accredited coach and supervise mentors across the system.",
    ),
    (
        "I want to understand the politics of a large organisation and how to navigate it.",
        "Years at executive level taught me how power and relationships work in big institutions.",
    ),
    (
        "Learning to delegate and stop doing everything myself.",
        "I moved from running a small team to leading a department of 300 by handing over "
        "work and trusting my managers.",
    ),
    (
        "How to bring patients and carers into designing our services.",
        "I led co-production and patient engagement for our mental health services.",
    ),
    (
        "I'd like to learn how to manage a project from start to finish.",
        "I ran the programme management office and delivered capital builds on time.",
    ),
    (
        "Understanding how to handle the media and communicate in a crisis.",
        "I was director of communications and handled press enquiries during major incidents.",
    ),
    (
        "I want to know how primary care networks are run and funded.",
        "I am a GP partner and clinical director of a PCN.",
    ),
    (
        "How to be a visible, inclusive leader for staff from minority backgrounds.",
        "I sponsor our staff networks and have championed diversity in senior appointments.",
    ),
    (
        "Learning how to chair meetings and keep them to time.",
        "I have chaired committees and partnership boards for many years.",
    ),
    (
        "I want to understand employment law basics before I manage people.",
        "As an HR business partner I advised managers on disciplinaries, sickness absence and "
        "employee relations.",
    ),
    (
        "Getting better at negotiating with suppliers and other organisations.",
        "I negotiated contracts and deals for our trust's estates and facilities.",
    ),
]

# Written after the theme vocabulary in ``mutuality/matching/wording.py`` was fixed, and never
# used to change it: the fair measure of how the criterion does on wording it has not seen.
HELD_OUT: list[tuple[str, str]] = [
    (
        "I need to learn how to get a new idea funded and signed off.",
        "I have run the capital and revenue planning for a hospital group and approve "
        "investment proposals.",
    ),
    (
        "Becoming more assertive when senior colleagues talk over me.",
        "I coach people to hold their ground in executive meetings and to be heard.",
    ),
    (
        "I want to move from a clinical role into general management.",
        "I trained as a physiotherapist and became an operational director.",
    ),
    (
        "Understanding how the integrated care board makes its decisions.",
        "I work in the ICB's strategy directorate and write papers for its committees.",
    ),
    (
        "How to support staff with a learning disability or autism in my team.",
        "I led our reasonable adjustments work and the neurodiversity staff network.",
    ),
    (
        "I'd like to understand how to run a consultation with the public.",
        "I have led engagement with residents on hospital service changes.",
    ),
    (
        "Learning to read and question a finance report.",
        "I was a deputy director of finance and trained non-financial managers.",
    ),
    (
        "How to build a team culture where people feel safe to raise concerns.",
        "I was a freedom to speak up guardian and worked on psychological safety.",
    ),
    (
        "I want to get better at writing clear papers for senior decision makers.",
        "I spent years as a board secretary preparing reports for directors.",
    ),
    (
        "Understanding how to plan for winter pressures and bed capacity.",
        "I ran site operations and the urgent care flow programme.",
    ),
    (
        "Growing my network outside my own organisation.",
        "I lead system-wide groups bringing together leaders from many organisations.",
    ),
    (
        "I want to lead a move to more care in people's homes.",
        "I set up our virtual wards and community nursing expansion.",
    ),
    (
        "How to manage people who are older and more experienced than me.",
        "I became a manager young and have led teams of long-serving specialists.",
    ),
    (
        "Learning how to measure whether a change actually made things better.",
        "I teach evaluation methods and statistical process control to service leads.",
    ),
    (
        "I want to understand how staff are consulted in a reorganisation.",
        "I led organisational change consultations with trade unions as an HR director.",
    ),
    (
        "Getting better at saying no and managing my workload.",
        "I help leaders prioritise and protect their time as a coach.",
    ),
]
