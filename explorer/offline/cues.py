"""Lexicon of attribution cues, grouped by the grammatical frame that carries their content."""

from __future__ import annotations

from explorer import names

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
acknowledge point predict project forecast calculate argue contend insist
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
