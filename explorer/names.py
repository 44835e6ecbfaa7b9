"""The vocabulary of names: text folding, name keys, pronouns, titles and honorifics, actor types."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import get_args

from .findings import ActorType

ACTOR_TYPES: tuple[ActorType, ...] = get_args(ActorType)

# Pronouns by grammatical role; the unions below are what callers ask about.
SUBJECT_PRONOUNS = frozenset("i we you he she it they".split())
OBJECT_PRONOUNS = frozenset("me us you him her it them".split())
POSSESSIVE_PRONOUNS = frozenset("my mine our ours your yours his her hers its their theirs".split())
REFLEXIVE_PRONOUNS = frozenset("myself ourselves yourself yourselves himself herself itself themselves".split())
RELATIVE_PRONOUNS = frozenset("who whom whose which that".split())
DEMONSTRATIVE_PRONOUNS = frozenset("this that these those".split())
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
PERSONAL_PRONOUNS = SUBJECT_PRONOUNS | OBJECT_PRONOUNS
# Third-person words that point back to a person, or to a thing (a country, a ministry); "they" can be either.
PERSON_PRONOUNS = frozenset("he him his she her hers they them their".split())
THING_PRONOUNS = frozenset("it its they them their".split())
PRONOUNS = PERSONAL_PRONOUNS | POSSESSIVE_PRONOUNS | REFLEXIVE_PRONOUNS | RELATIVE_PRONOUNS | DEMONSTRATIVE_PRONOUNS

HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame".split())
# The titles most often written before a name in news ("Sen. Warren", "Foreign Minister Lavrov").
COMMON_TITLES = frozenset(
    "president vice prime minister deputy foreign secretary general chief chairman spokesman spokeswoman "
    "former senator sen rep governor gov".split()
)
# Civic, police, church and peerage titles, British and Commonwealth ones included ("Councillor X", "Supt X");
# titles that are also given names ("Dean Smith", "Earl Hines", "Duke Ellington") are left out on purpose.
SERVICE_TITLES = frozenset(
    "councillor councilor alderman alderwoman mp mep msp mla mpp constable superintendent supt inspector insp "
    "sergeant sgt detective det commander cmdr commodore marshal sheriff magistrate coroner provost rector "
    "vicar reverend rev rabbi imam cardinal baroness baron duchess viscount "
    "headteacher headmaster headmistress chairperson councilwoman councilman assemblyman assemblywoman "
    "trustee registrar warden cllr".split()
)
# Words that make up a title or role phrase ("Deputy Foreign Minister", "chief of the defence staff").
TITLE_CONNECTORS = frozenset("of for and the to on".split())
TITLE_WORDS = (
    COMMON_TITLES
    | frozenset(
        "president vice prime minister ministers deputy secretary general chief executive chancellor "
        "senator sen rep representative governor gov mayor professor ambassador envoy spokesman spokeswoman "
        "spokesperson chairman chairwoman chair judge justice king queen prince princess sheikh premier "
        "commissioner director lieutenant colonel col gen admiral captain capt lord lady pope bishop "
        "archbishop acting former senior assistant under undersecretary speaker leader cabinet party "
        "opposition head ceo cfo coo founder economist analyst lawmaker official officer negotiator "
        "foreign trade finance economy economic defence defense interior home transport transportation "
        "labour labor health education environment agriculture energy commerce industry state affairs "
        "land infrastructure maritime fisheries security national press communications chief's".split()
    )
    | SERVICE_TITLES
    | TITLE_CONNECTORS
)

# A small, deliberately generic list of common first names from several languages; anything else stays unknown.
FEMALE_NAMES = frozenset(
    """
mary patricia jennifer linda elizabeth susan jessica sarah karen nancy lisa margaret sandra ashley emily
michelle amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy angela anna emma olivia
sophie julia maria elena ana sofia laura claire helen ruth alice grace hannah nicole rachel catherine anne
marie isabel carmen lucia fatima aisha leila yasmin priya anjali sunita akiko yuki keiko yoko naomi mira
ingrid astrid greta ines nadia olga irina natasha tatiana mara tara hanna lena ilse nora vera theresa teresa
kate katie betsy betty debbie diane dianne donna gwen heidi hillary jill joan judy julie kathy kelly lois
marcia megan nikki pam peggy sally stacey sue tina tracy wendy victoria valerie susan janet diana
""".split()
)
MALE_NAMES = frozenset(
    """
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank peter
henry jack dennis walter patrick harold douglas carlos jose juan luis miguel pedro ahmed mohammed ali omar
hassan ivan sergei dmitri vladimir igor hans karl klaus pierre jean francois giovanni marco luca hiroshi
takeshi kenji akira taro ichiro raj rahul amit arjun wei jun joe chris mike tom bill jim jonas tomas lars
tim steve jeb rick ted ron ben dan sam kit nick newt mitt jeff greg doug chuck bob rob ed fred hank jerry tony
vince wayne glenn gordon barack bernie mitch rudy sean eric jay josh harry lamar marco al
""".split()
)
# Two different given names before one surname are two people, however alike they are spelled ("Mara"/"Tara").
GIVEN_NAMES = FEMALE_NAMES | MALE_NAMES

_STRAIGHT_QUOTES = str.maketrans({"‘": "'", "’": "'", "`": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # merging a long text's actors folds the same few thousand names again and again
def fold(text: str, split_hyphens: bool = False) -> str:
    """Return text without accents, with straight quotes and spaces collapsed; split_hyphens makes '-' a space."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = plain.translate(_STRAIGHT_QUOTES)
    if split_hyphens:
        plain = plain.replace("-", " ")
    return " ".join(plain.split())


def fold_in_place(text: str) -> str:
    """Return text lower-cased with straight quotes, exactly as long as text so offsets carry over."""
    straight = text.translate(_STRAIGHT_QUOTES)
    lowered = straight.lower()
    if len(lowered) == len(text):
        return lowered
    # a few letters lower-case to two characters ('İ'); those keep their case so offsets stay put
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in straight)


def name_key(surface: str, strip_possessive: bool = True, casefold: bool = True) -> str:
    """Return the look-up key of a name: folded, hyphens split, no leading 'the', no dots, no possessive."""
    text = _LEADING_THE.sub("", fold(surface, split_hyphens=True).strip())
    if strip_possessive:
        text = _POSSESSIVE.sub("", text)
    text = " ".join(text.replace(".", "").split())
    return text.casefold() if casefold else text


def name_tokens(text: str) -> list[str]:
    """Return the words of a folded name with possessives and dots removed."""
    return list(_name_tokens(text))


@functools.lru_cache(maxsize=1 << 16)  # a tuple, so no caller can change what the cache hands out
def _name_tokens(text: str) -> tuple[str, ...]:
    return tuple(_POSSESSIVE.sub("", t).replace(".", "") for t in fold(text, split_hyphens=True).split())


def is_pronoun(text: str) -> bool:
    """Return True when text is a bare pronoun such as 'he', 'they' or 'who'."""
    return name_key(text, strip_possessive=False) in PRONOUNS
