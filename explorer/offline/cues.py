"""Lexicon of attribution cues, grouped by the grammatical frame that carries their content."""

from __future__ import annotations

from explorer import names
from explorer.findings import StanceKind

# Verbs whose content is a clausal complement: "X said (that) ...", "..., X warned."
CLAUSE_CUES = frozenset(
    """
say tell claim argue warn add note insist deny believe think report announce explain accuse write
state declare suggest acknowledge admit contend assert maintain predict promise pledge vow concede
recall reply respond answer ask urge stress emphasize emphasise indicate show find reveal estimate
confirm complain charge allege testify tweet conclude observe remark mention propose recommend
demand wonder learn hear caution counter signal hint speculate joke boast brag lament reiterate
repeat disclose agree assure inform advise threaten know feel fear hope expect worry doubt suspect
assume realize realise understand guess imagine recognize recognise figure determine rule decide
acknowledge point predict project forecast calculate argue contend insist question dispute
""".split()
)

# Verbs whose content is their direct object: "X cited the polls", "X denied the report".
OBJECT_CUES = frozenset(
    """
cite mention announce deny criticize criticise attack blast praise condemn question propose
recommend demand reject support oppose describe applaud slam denounce dismiss defend endorse
welcome blame accuse
discuss express declare highlight reference detail invoke unveil outline disclose dispute voice echo pitch
reiterate back promote champion tout decry lament bemoan downplay ignore view favor favour love hate
despise dislike offer address compare liken equate
""".split()
)

# Verbs of volition and directive speech acts whose content is an infinitive complement:
# "X wants to ...", "X refused to ...", "X urged Y to ...". Raising and aspectual verbs (seem, try, need,
# continue) stay out: their subject does not hold an attitude toward the complement.
XCOMP_CUES = frozenset(
    """
plan promise pledge vow threaten decline hope seek intend urge ask agree decide vote
want wish prefer refuse propose offer demand encourage persuade call tell order instruct challenge dare
""".split()
)

# Verb + preposition pairs whose content is the prepositional object: "X called for ...".
PREP_CUES = frozenset(
    {
        ("call", "for"),
        ("rail", "against"),
        ("push", "for"),
        ("argue", "for"),
        ("argue", "against"),
        ("speak", "of"),
        ("speak", "about"),
        ("warn", "of"),
        ("warn", "about"),
        ("talk", "about"),
        ("complain", "about"),
        ("complain", "of"),
        ("compare", "to"),
        ("liken", "to"),
        ("respond", "to"),
        ("refer", "to"),
        ("point", "to"),
        ("object", "to"),
        ("ask", "about"),
        ("comment", "on"),
        ("elaborate", "on"),
        ("reflect", "on"),
        ("testify", "about"),
        ("boast", "about"),
        ("brag", "about"),
        ("joke", "about"),
        ("apologize", "for"),
        ("apologise", "for"),
        ("campaign", "for"),
        ("advocate", "for"),
        ("lobby", "for"),
        ("warn", "against"),
    }
)

# Cues that introduce a following quotation after a colon: "Smith continued: ..."
QUOTE_ONLY_CUES = frozenset({"continue", "add", "say", "write", "tell", "explain", "put", "ask"})

# Nouns that carry a that-clause claim: "the ministry's claim that ..."
NOUN_CUES = frozenset(
    """
claim statement assertion argument belief view report warning allegation suggestion promise fear
hope concern insistence charge accusation contention notion assurance prediction estimate
""".split()
)

RELATIVE_PRONOUNS = names.RELATIVE_PRONOUNS
PERSONAL_PRONOUNS = names.SUBJECT_PRONOUNS

# Places that are settings, not actors: "the Middle East", "the Baltic region", "Western" in "the Western frontier".
DIRECTION_WORDS = frozenset(
    """
north south east west northern southern eastern western northeast northwest southeast southwest
northeastern northwestern southeastern southwestern far near middle central upper lower inner outer
""".split()
)
REGION_WORDS = frozenset(
    """
region regions area zone sea seas ocean gulf bay strait straits peninsula coast coastline border borders
continent hemisphere basin valley highlands lowlands mainland the
asia asian pacific atlantic arctic antarctic europe eurasia eurasian africa african indo mediterranean baltic
caribbean balkans balkan sahel caucasus
""".split()
)
# Words that join the parts of a capitalised title: "Under Secretary for Arms Control and Consular Affairs".
TITLE_CONNECTORS = frozenset({"for", "of", "and", "the", "&", "on"})
# Words that open a new clause: a quotation followed by "as it continues" is not introduced by "continues".
SUBORDINATORS = frozenset(
    "as while because since when whenever if although though after before until unless whereas and but or so".split()
)
# Title words naming a portfolio rather than who the holder works for: "... for Consular Affairs".
PORTFOLIO_WORDS = frozenset("affairs relations policy development cooperation issues".split())
# Party labels in a person's description stand for the party's members as a group.
PARTY_GROUPS = {"republican": "Republicans", "gop": "Republicans", "democrat": "Democrats", "democratic": "Democrats"}
PARTY_MARKS = {"R": "Republicans", "D": "Democrats"}

# --- Evaluation: words that take a side -------------------------------------------------

# Framing: threat, danger and aggression are against whoever poses them ...
THREAT_WORDS = frozenset(
    """
threat threats threaten threatening danger dangerous aggression aggressive aggressor militarization
militarisation remilitarization remilitarisation re-militarization re-militarisation militarize militarise
provocation provocative provoke escalate escalation escalating destabilize destabilise destabilizing
destabilising intimidate intimidation coerce coercion coercive containment encroach encroachment erode
hegemony hegemonic expansionism expansionist encircle encirclement endanger endangers
buildup build-up incursion incursions invade invasion
occupation annex annexation sanction sanctions interference meddling bully bullying hostile hostility
""".split()
)
# ... alliance, commitment and cooperation are for whoever is named as the partner.
ALLIANCE_WORDS = frozenset(
    """
ally allies alliance allied ironclad partner partners partnership cooperation cooperate collaborate
collaboration friendship friend friends solidarity commitment commitments committed strengthen
strengthening backing reassure reassurance steadfast unwavering
""".split()
)
POSITIVE = ALLIANCE_WORDS | frozenset(
    """
good great best better excellent strong honest honored honoured proud support supports supported
leader leadership success successful right courage courageous brave admire respect respected
thank thanks grateful qualified experience experienced integrity win wise smart trust trusted
fair important cool friend hero champion committed dedicated effective safer safe
accurate true correct truthful principled thoughtful decent admirable impressive terrific outstanding
remarkable wonderful fantastic competent capable reliable appreciate appreciated praise visionary
tireless bold inspiring credible reasonable sensible responsible serious patriot patriotic class
""".split()
)
NEGATIVE = THREAT_WORDS | frozenset(
    """
bad worst wrong failed fail failure failing disaster disastrous dangerous outrageous shame shameful
nonsense lie lies liar lying corrupt corruption crooked racist racism bigoted bigotry unfair
irresponsible reckless incompetent weak war attack attacks attacking damaging damage destroy
destroying threat extreme radical phony fraud disgrace disgraceful disgusting terrible horrible
awful pathetic ridiculous unacceptable illegal abuse misuse hypocrisy hypocrite rigged gutless
dishonest betray betrayed blame blamed fault fear scandal crisis broken mess unfit stupid
offensive insulting hypocritical cynical deceptive misleading mislead false untrue inaccurate distort
distorted smear baseless absurd ludicrous divisive hateful troubling disturbing deplorable appalling
despicable arrogant cowardly malicious extremist extremism obstruct obstruction partisan insane
malarkey baloney garbage hoax coerce coerced bully threaten reckless mistake harm harmful
weapon weaponize weaponise reprisal reprisals retaliation retaliate retaliatory revenge punish punishment
inadequate insufficient risk risky lose losing loss gamble gambling sabotage hostile hostility
""".split()
)
NEGATORS = frozenset({"not", "n't", "never", "no", "nor", "without", "neither", "nobody", "nothing"})
# words whose evaluative sense is only the adjective: "good" but not "goods", "right" but not "right now"
ADJECTIVE_ONLY = frozenset({"good", "right", "fair", "cool", "great"})
# "not only ... but", "not just": the negation focuses, it does not reverse
FOCUS_AFTER_NOT = frozenset({"only", "just", "merely", "simply"})
# words the VADER lexicon scores but that in news name a topic, not a judgement ("a security threat")
LEXICON_NEUTRAL = frozenset(
    """
security like care help protect protection defense defence peace free freedom justice health safety
interest interests share party united join please sure certain yes clear clearly huge big
""".split()
)
# Prepositions that make an actor the one a threat is aimed at ("a threat to X", "aimed at X").
VICTIM_PREPS = frozenset({"to", "against", "at", "on", "toward", "towards", "of", "for"})
# Nouns and verbs of talking to the press: the outlet spoken to is the medium, not a stance target.
MEDIUM_HEADS = frozenset(
    "interview interviews conversation statement remarks comments tell told speak spoke talk talked "
    "say said broadcast".split()
)

# Verbs that take a side toward their object: "X criticised Y", "X praised Y".
STANCE_VERBS: dict[str, StanceKind] = {
    **dict.fromkeys(
        "criticize criticise accuse condemn blame attack oppose denounce slam blast reject "
        "attack mock fault assail lambaste ridicule rebuke chastise scold sue challenge "
        "target hammer berate castigate disparage undermine threaten fight dismiss decry deride".split(),
        "against",
    ),
    **dict.fromkeys(
        "praise support back welcome endorse defend applaud commend thank hail laud "
        "congratulate champion embrace salute honor honour admire trust".split(),
        "favor",
    ),
}
# Pronouns that refer to someone other than the speaker of a claim.
THIRD_PERSON = names.PERSON_PRONOUNS
# Prepositions that make a place name a setting ('a ruling in Seoul'), not someone the claim judges.
LOCATIVE = frozenset({"in", "at", "across", "throughout", "inside", "near", "outside", "around", "along"})

# --- Attribution frames: words that change how a cue reads -----------------------------------

NAMING_CUES = frozenset({"call", "label", "brand", "dub", "term"})  # "X called Y a liar": the content is "a liar"

RECIPIENT_CUES = frozenset({"tell", "ask", "inform", "assure", "advise", "urge", "warn", "accuse", "answer"})

NON_REPORTING = frozenset({"be", "make", "have", "get", "mean", "ensure", "require", "seem", "appear"})

INSTITUTION_NOUNS = frozenset(
    "group council association company firm organisation organization agency committee union federation "
    "coalition alliance institute foundation bank".split()
)

NON_RESTRICTIVE = frozenset({"who", "which", "whom", "whose"})

# "accused X [of lying]", "praised X [for its courage]": judgement verbs give their reason in a prepositional
# phrase; comparison verbs give the other side of the comparison ("likened X [to a circus]").
JUDGEMENT_VERBS = frozenset(
    "accuse blame criticize criticise praise attack condemn fault thank commend credit slam blast chide "
    "rebuke scold mock applaud congratulate hail laud".split()
)

COMPARISON_VERBS = frozenset({"compare", "liken", "link", "equate", "contrast"})

NEGATIVE_DETERMINERS = frozenset({"no", "neither", "none", "nobody", "nor"})

# --- Names: titles, honorifics and pronouns the actor rules read ---------------------------------

HONORIFICS = names.HONORIFICS

ROLE_NOUNS = {
    "president",
    "minister",
    "senator",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "nominee",
    "candidate",
    "chairman",
    "chairwoman",
    "director",
    "leader",
    "mayor",
    "ambassador",
    "chancellor",
    "premier",
    "king",
    "queen",
    "speaker",
    "attorney",
    "general",
    "judge",
    "justice",
    "sheriff",
    "chief",
    "commissioner",
    "representative",
    "congressman",
    "congresswoman",
    "lawmaker",
    "official",
    "adviser",
    "advisor",
    "aide",
    "manager",
    "ceo",
    "founder",
    "editor",
    "prosecutor",
    "lawyer",
    "officer",
    "author",
    "economist",
    "analyst",
    "activist",
    "organizer",
    "organiser",
    "strategist",
    "member",
    "professor",
}

TITLE_ABBREVIATIONS = {"sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "prof", "rev", "pres"}

MALE = names.MALE_PRONOUNS

FEMALE = names.FEMALE_PRONOUNS

PLURAL = {"they", "them", "their", "we"}

NOT_NAMES = names.PERSONAL_PRONOUNS

# --- Gender hints ---------------------------------------------------------------------------

FEMALE_NAMES = names.FEMALE_NAMES
MALE_NAMES = names.MALE_NAMES
MALE_WORDS = frozenset({"mr", "sir", "king", "prince", "spokesman", "chairman", "congressman", "businessman"})
FEMALE_WORDS = frozenset(
    {"mrs", "ms", "miss", "dame", "queen", "princess", "spokeswoman", "chairwoman", "congresswoman", "businesswoman"}
)

# Acts done to something: the value of their object turns ('undermined the agreement', 'fought corruption').
HOSTILE_ACTS = THREAT_WORDS | frozenset(
    "destroy damage sabotage betray wreck ruin harm abuse misuse distort obstruct fight attack undermine".split()
)

# Attitudes held without a speech verb: "X is worried about Y", "Democrats, confident that ...", "a critic of Y".
ATTITUDE_ADJECTIVES = frozenset(
    """
worried concerned critical supportive skeptical sceptical confident sure certain convinced afraid fearful
hopeful optimistic pessimistic proud angry furious upset pleased glad satisfied dissatisfied unhappy
disappointed frustrated adamant aware passionate coy enthusiastic wary suspicious doubtful opposed
anxious nervous outraged alarmed troubled
""".split()
)
ATTITUDE_NOUNS = frozenset("opponent supporter defender critic advocate proponent champion fan skeptic".split())
ATTITUDE_PREPS = frozenset({"about", "of", "on", "over", "with", "toward", "towards", "that"})

# Misfortune words: who loses or suffers is not judged by the speaker ("suppliers lose customers").
SUFFERING_WORDS = frozenset("lose loses losing lost loss losses suffer suffers suffering suffered".split())

# "Update: ...", "Watch: ...": a headline label that names a kind of item, not who speaks
HEADING_LABELS = frozenset(
    "update updated note editor editor's related watch read video photo photos source sources breaking exclusive"
    " opinion analysis correction live listen see also more q a transcript warning timeline fact check latest".split()
)
# Nouns that speak for their authors in a headline: "Poll: the race is tied"
SOURCE_NOUNS = frozenset("poll polls survey study report review audit".split())

# --- Stance: the speaker's own side (stance helper) ---------------------------------------------

# First-person words in a direct quote: the speaker talking about themselves (or, with "we", their side).
SELF_REFERENCES = frozenset("i me my myself mine we us our ourselves".split())
PLURAL_SELF = frozenset("we us our ourselves they them their".split())  # the speaker with their side
# Verbs through which a speaker frames a judgement of something else: "I think X failed", "what he called a sham".
REPORTING_FRAMES = CLAUSE_CUES | NAMING_CUES

# Nouns that take a side toward what their preposition governs: "a critique of X", "support for X". Not "attack":
# in news "an attack on X" is as often a bomb as a speech.
STANCE_NOUNS: dict[str, StanceKind] = {
    **dict.fromkeys(
        "criticism critique condemnation denunciation opposition rebuke broadside tirade "
        "swipe jab smear lawsuit suit complaint objection protest backlash crusade vendetta".split(),
        "against",
    ),
    **dict.fromkeys(
        "support praise endorsement backing defense defence tribute admiration loyalty sympathy solidarity".split(),
        "favor",
    ),
}
NOUN_FRAME_PREPOSITIONS = frozenset({"of", "on", "against", "for", "toward", "towards", "to"})
# "of" names the one judged only after these; "the support of X" can name the one who acts
OF_OBJECT_NOUNS = frozenset(
    "criticism critique condemnation denunciation rebuke praise endorsement defense defence admiration".split()
)
# Verbs and adjectives whose side shows in their preposition: "voted against X", "sided with X", "opposed to X".
PREP_STANCES: dict[tuple[str, str], StanceKind] = {
    **dict.fromkeys(
        [
            ("vote", "against"),
            ("rail", "against"),
            ("lash", "at"),
            ("hit", "at"),
            ("snipe", "at"),
            ("sneer", "at"),
            ("scoff", "at"),
            ("fight", "against"),
            ("campaign", "against"),
            ("speak", "against"),
            ("testify", "against"),
            ("argue", "against"),
            ("protest", "against"),
            ("side", "against"),
            ("stand", "against"),
            ("turn", "on"),
            ("go", "after"),
            ("pile", "on"),
            ("opposed", "to"),
            ("oppose", "to"),  # the tagger reads "opposed to" as a participle too
            ("hostile", "to"),
        ],
        "against",
    ),
    **dict.fromkeys(
        [
            ("vote", "for"),
            ("side", "with"),
            ("stand", "with"),
            ("stand", "by"),
            ("rally", "behind"),
            ("rally", "around"),
            ("campaign", "for"),
            ("argue", "for"),
            ("vouch", "for"),
            ("loyal", "to"),
            ("devoted", "to"),
            ("grateful", "to"),
        ],
        "favor",
    ),
}

# Acts against someone or what they built, and harm done through neglect: "repeal X's law", "X gutted the
# programme", "X ignored the warnings". In a claim they count against the nearest actor: the doer, or the owner of
# what is undone when the doer is the speaker's own side. Verbs the VADER backstop never scores (it reads only
# adjectives and nouns).
HARM_WORDS = frozenset(
    """
raid raids demonize demonise demonizing demonising gut guts gutted gutting decimate decimated decimates misappropriate
misappropriated squander squandered stonewall stonewalled stonewalling sham grandstanding boogeyman cover-up coverup
mistrust intolerance abandon abandoned abandoning neglect neglected ignore ignored ignoring waste wasted wasting hurt
hurting devastate devastated devastating wreck wrecked repeal repealed repealing veto vetoed overturn overturned scrap
scrapped dismantle dismantled dismantling impeach impeached oust ousted accountable bully bullies bullied
""".split()
)
# Contrast: the point a speaker makes comes after "but"; what they concede ("although ...") is not the point.
CONTRASTIVE = frozenset({"but", "yet"})
CONCESSIVE = frozenset({"although", "though"})  # not "while": as often "during" as "although"
# Demands that someone go or say sorry are attacks: "X should resign", "urged X to step aside", "called on X to quit".
EXIT_VERBS = frozenset({"resign", "quit", "apologize", "apologise", "step", "drop", "withdraw"})
EXIT_PARTICLES = {"step": {"down", "aside"}, "drop": {"out"}}  # 'step up' and 'drop by' are no exits
DEMANDING_MODALS = frozenset({"should", "must", "ought"})
DEMAND_VERBS = frozenset({"urge", "call", "ask", "demand", "tell", "press", "pressure", "push", "want"})
# "X, who heads the Y": a relative clause that makes the person speak for the organisation.
LEADING_VERBS = frozenset({"head", "lead", "chair", "run", "direct", "found", "co-found", "represent"})
# Judgements the word classes miss: legal verdicts, opposition as a state, and set phrases read as one word.
VERDICT_WORDS = frozenset("unconstitutional unlawful".split())
NEGATIVE_PHRASES = frozenset(
    """
out of touch|under the bus|under a bus|over the line|beyond the pale|a slap in the face|flip flop|flip-flop|cut and run
""".strip().split("|")
)
# --- Attribution without a speech verb (attr-new) -------------------------------------------

# Verbs that judge or characterise their object: "X mocked Y", "X painted Y as Z", "X documented Y".
CHARACTERISING_CUES = frozenset(
    """
mock ridicule deride lambaste lambast chastise scold rebuke disparage belittle assail berate castigate skewer
hail laud salute commend congratulate compliment admire respect despise loathe thank
paint portray characterize characterise depict label brand dub
detail document outline chronicle recount recite articulate specify clarify tout herald proclaim lament
debunk rebut refute contradict second
censure reprimand reproach upbraid vilify excoriate extol acclaim grill harangue insult denigrate demonize demonise
malign glorify
""".split()
)
# Cue verbs whose passive with "by" names a cause or a finder, not a speaker: "was found by police", "was decided by".
NOT_PASSIVE_CUES = frozenset("find determine decide figure learn hear know understand realize realise rule".split())
# Opinion verbs whose passive without an agent reports an unnamed view: "X is expected to win", "was accused of".
UNSPOKEN_PASSIVE_CUES = frozenset(
    "expect think believe consider accuse criticize criticise blame allege rumor rumour report say see view regard deem"
    " describe call suspect".split()
)
# Nouns that carry their owner's word, intent or view: "her remarks on X", "his plan to Y", "Smith's attacks on Z".
OWNED_NOUN_CUES = NOUN_CUES | frozenset(
    """
comment remark remarks pledge plan proposal decision determination effort eagerness desire refusal reluctance
demand criticism attack praise opposition idea theory rhetoric message acknowledgment acknowledgement
admission obsession adulation threat vow commitment push complaint defense defence endorsement
assessment conclusion forecast position stance call case intention goal
""".split()
)
# Prepositions that introduce what a claim noun is about: "remarks on X", "criticism of Y".
TOPIC_PREPS = frozenset({"on", "about", "of", "over", "with", "against", "toward", "towards"})
POSSESSIVE_PRONOUNS = names.POSSESSIVE_PRONOUNS
# Raising verbs: "X appeared to suggest Y" reports a suggestion that was made, not one still to come.
RAISING_VERBS = frozenset({"seem", "appear"})
# Light verbs that turn a speech-act noun into a report: "X made the case that ...", "X voiced doubts about Y".
SUPPORT_VERBS = frozenset("make have give issue deliver express voice raise lodge file sound share".split())
SPEECH_ACT_NOUNS = frozenset(
    """
case condemnation statement reference point argument promise pledge claim remark comment speech announcement
warning threat appeal plea call question reservation doubt concern position view illusion secret criticism
accusation allegation complaint objection prediction assurance commitment vow demand request proposal suggestion
recommendation opinion message
""".split()
)
# Nouns that frame a clause as their owner's view: "in her view, ...", "by his own account, ...".
VIEW_NOUNS = frozenset(
    "view eyes opinion estimation judgment judgement assessment account admission words mind".split()
)
# Adverbs that mark a clause as hearsay from someone unnamed: "he reportedly left".
HEARSAY_ADVERBS = frozenset("reportedly allegedly purportedly supposedly reputedly".split())
# Adjectives of will whose infinitive is what their holder intends: "X is determined to run", "Y was willing to talk".
VOLITION_ADJECTIVES = frozenset(
    "willing unwilling determined eager reluctant keen loath loth intent resolved desperate".split()
)
# Words of intent: "we're committed to X", "I'm ready to serve" say what a speaker will do, not that they did right.
INTENT_WORDS = VOLITION_ADJECTIVES | frozenset(
    "committed commit commitment ready prepared dedicated pledge vow promise obligation duty".split()
)
# Verbs that class their object only with an "as" phrase or a predicate: "saw the vote as a warning", "deemed it fair".
AS_PREDICATE_CUES = frozenset(
    "see regard treat identify depict envision envisage interpret classify define rank cast frame consider judge deem"
    " count esteem perceive".split()
)
# Verbs whose infinitive happened: "forced him to admit", "the leaders met to discuss" report acts, not plans.
IMPLICATIVE_VERBS = frozenset(
    "force compel oblige lead prompt push pressure cause manage spur drive meet gather convene".split()
)

# --- Actors: titles that stay titles, places that do not act (brief "actors") --------------------------------

# Civic, police and church titles name a role, not a person: "Councillor Rui Okafor" is Rui Okafor, a councillor.
ROLE_NOUNS.update(names.SERVICE_TITLES - {"det"})
TITLE_ABBREVIATIONS.update({"supt", "insp", "det", "cllr", "cmdr"})
# Title words that also begin company names ("General Motors", "Chief Executive Group"): never stripped alone.
COMPANY_TITLE_WORDS = frozenset({"general", "chief", "member", "official"})
# Head nouns of streets, squares and bridges: places where things happen, not actors, unless they speak
# ("Downing Street said").
STREET_WORDS = frozenset(
    "street st road rd avenue ave lane boulevard blvd square bridge terrace crescent highway motorway "
    "parade embankment esplanade promenade quay wharf alley mews plaza causeway".split()
)
# Words that open a phrase narrowing what came before: "pointed to A, in particular B", "criticised A, notably B".
ELABORATION_OPENERS = frozenset(
    {"in particular", "particularly", "especially", "notably", "including", "namely", "such as", "above all"}
)

# --- Titles: the head noun of a title names a role, an office or a kind of person (names2) ----------------------

# Nouns for people by what they do, are or are to someone, beyond the title words: "X, his wife", "a Harvard expert".
PERSON_NOUNS = frozenset(
    """
man woman boy girl wife husband son daughter father mother brother sister widow widower partner friend colleague
cousin uncle aunt nephew niece grandson granddaughter grandfather grandmother child fiancee fiance spouse
expert fellow veteran host star staffer aide surrogate confidante confidant critic ally rival scholar billionaire
millionaire magnate heir heiress mogul tycoon celebrity icon legend hero heroine victim suspect witness survivor
advocate champion proponent opponent skeptic fan patriot architect pioneer chief head deputy associate counsel
executive envoy mayor professor ambassador chair king queen prince princess sheikh premier lord lady pope bishop
archbishop undersecretary leader lawmaker official officer negotiator chancellor admiral captain colonel
lieutenant general marshal consultant assistant student resident citizen immigrant migrant refugee agent
correspondent dissident servant attendant participant descendant defendant plaintiff claimant tenant merchant
lieutenant sergeant president vice-president democrat republican libertarian independent conservative liberal
progressive moderate candidate nominee incumbent challenger hopeful frontrunner front-runner runner-up whip
mate coach athlete actress actor doctor nurse surgeon judge justice attorney lawyer clerk pastor priest monk nun
cleric chaplain imam rabbi minister secretary senator congressman congresswoman delegate del rep sen gov
ceo cfo coo cto president-elect co-founder cofounder co-chair co-director director staff member donor liaison d.a
""".split()
)
# Thing nouns with the endings of agent nouns ('-er', '-or', '-ist', '-ee'): "a letter", "the number", "a committee".
THING_NOUNS = frozenset(
    """
letter number matter paper water power center centre border corner chapter quarter order cancer error sector
factor floor door color colour favor favour labor labour mirror horror terror tremor rumor rumour humor humour
honor honour vapor motor meter metre liter litre fiber filter shelter answer winter summer november october
september december cover weather character register computer container trailer tower river layer barrier ladder
finger shoulder corridor monitor matter manner banner dinner hunger anger danger fever silver butter leather
feather thunder wonder disorder dollar sugar list checklist playlist shortlist wishlist blacklist twist
wrist mist fist committee coffee fee degree guarantee decree tree knee spree jubilee liner tiger lever laser wafer
wager cider timer lager manor tumor other under after never ever
""".split()
)
# Endings of nouns for people: "historian", "physicist", "businessman", "developer", "investor", "nominee".
PERSON_NOUN_ENDINGS = ("ian", "ist", "man", "woman", "person", "er", "or", "ee", "ster", "eer")
# Words that open a sentence or clause before a title and are no part of it: "But Attorney General X".
TITLE_OPENERS = frozenset("as but like although though while when if both and or so yet also even then".split())
# Head nouns of the names of bodies and places, never of a person: "George Hale Presidential Center" is a building.
BODY_HEADS = INSTITUTION_NOUNS | frozenset(
    "center centre university college school academy society network library museum hospital church cathedral "
    "corporation corp inc ltd llc department ministry office board commission authority fund trust "
    "campaign caucus club league party institution project program programme initiative prize award".split()
)
