"""Small, general word lists the drafting rules rely on (English).

Nothing here is about any one document: function words, common verbs, vague nouns, the
connectives that open a sentence, and a list of countries for classifying named entities.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that never make a term on their own and end a noun phrase: articles, pronouns,
# prepositions, conjunctions, auxiliaries, modals, quantifiers and the commonest adverbs.
STOPWORDS = _words(
    """
    a an the this that these those such its it it's itself they them their theirs themselves
    he him his himself she her hers herself we us our ours ourselves you your yours yourself i me
    my mine myself one ones oneself who whom whose which what whatever whichever whoever where
    wherever when whenever why how whether if unless until while whereas though although because
    since so than as of in on at by for with without within from to into onto upon about above
    below over under between among amongst through throughout during before after against toward
    towards across along around beyond behind beside besides near off out up down via per despite
    except including like unlike amid amidst regarding concerning following
    and or nor but yet either neither both not no yes
    be is are was were been being am isn't aren't wasn't weren't
    have has had having haven't hasn't hadn't do does did doing done don't doesn't didn't
    can cannot can't could couldn't may might must mustn't shall should shouldn't will won't would
    wouldn't ought need needs
    all any some each every few fewer many much more most less least several various other others
    another own same certain enough lot lots plenty
    also too very quite rather just only even still already always never often sometimes usually
    frequently rarely seldom ever again further furthermore moreover however therefore thus hence
    then there here now soon later instead otherwise meanwhile nevertheless nonetheless indeed
    perhaps maybe almost nearly mainly mostly largely partly particularly especially primarily
    mostly simply merely really actually well etc ie eg vs thereby whereby wherein thereof hereby
    first second third firstly secondly thirdly lastly finally next last
    """
)

# Subject pronouns and demonstratives that leave a sentence meaningless out of context when
# they open it ("It involves…", "These are…").
PRONOUN_OPENERS = _words(
    "it its they their them he his she her we our you your this that these those such there"
)
# Demonstratives that may be followed by a noun ("This cooperation can…") and then still
# make some sense alone.
DEMONSTRATIVES = _words("this that these those such")

# Discourse connectives that open a sentence and can be dropped from a stem without changing
# what the sentence claims ("Moreover, X does Y" → "X does Y").
CONNECTIVES = (
    "additionally",
    "also",
    "as a result",
    "as such",
    "besides",
    "consequently",
    "finally",
    "first",
    "firstly",
    "for example",
    "for instance",
    "further",
    "furthermore",
    "hence",
    "however",
    "in addition",
    "in conclusion",
    "in essence",
    "in fact",
    "in other words",
    "in short",
    "in summary",
    "in sum",
    "in turn",
    "indeed",
    "instead",
    "lastly",
    "likewise",
    "meanwhile",
    "moreover",
    "nevertheless",
    "next",
    "nonetheless",
    "notably",
    "of course",
    "overall",
    "second",
    "secondly",
    "similarly",
    "still",
    "then",
    "therefore",
    "third",
    "thirdly",
    "thus",
    "to conclude",
    "to summarise",
    "to summarize",
    "ultimately",
)

# Verbs that are (almost) never nouns, in their base form; their -s and -ed forms are derived.
_VERB_BASES = _words(
    """
    accept achieve add adopt analyse analyze bolster hinge refer underpin affect agree allow
    appear apply argue arise ask assist assume avoid become begin believe coordinate help belong
    bring build carry choose come compare complicate conduct consider consist constitute contain
    continue contribute convince create cultivate decide define demonstrate depend derive
    describe determine develop disappear discuss dismantle draw eliminate emerge emphasize
    emphasise enable encourage engage enhance ensure enter establish evolve exacerbate examine
    exemplify exist expand expect explain explore facilitate find follow foster gain get give go
    govern grow happen harness highlight hinder identify illustrate implement imply improve
    include indicate inhibit integrate involve keep know leave let manifest maintain make manage
    mean minimize minimise mitigate navigate necessitate obtain occur operate overcome perceive
    perform pinpoint play prevent prioritize prioritise produce promote protect prove provide
    provoke pursue put reach realize realise receive recognize recognise reduce reflect rehearse
    reinforce relate rely remain remember represent require resolve respond reveal say see seek
    seem send serve show stay strengthen succeed suggest sustain synchronize synchronise take
    tell tend think transcend try underline underscore understand undermine use verify want
    write
    """
)

_IRREGULAR_VERB_FORMS = _words(
    """
    became begun began brought built came chose chosen dealt drew drawn drove driven found forged
    gave given went gone got gotten grew grown kept knew known made meant overcame
    proved proven put reached said saw seen sought sent shown showed stood took taken told
    thought tried understood wrote written arose arisen led held
    """
)


def _verb_forms(base: str) -> set[str]:
    """The base, third-person and past forms (-ing forms are often nouns: "understanding")."""
    forms = {base}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms.add(base[:-1] + "ied")
    else:
        forms.add(base + "ed")
    return forms


VERB_FORMS = frozenset(
    {form for base in _VERB_BASES for form in _verb_forms(base)} | _IRREGULAR_VERB_FORMS
)

MODALS = _words("can could may might must shall should will would cannot")

# Nouns too vague to be the answer of a question on their own ("role", "aspect", "way").
VAGUE_NOUNS = _words(
    """
    ability ability abilities account addition advantage approach area areas aspect aspects
    basis benefit benefits case cases category change changes characteristic component
    components concept concepts condition conditions consideration considerations context
    contexts degree detail details difference element elements end example examples
    extent fact factor factors feature features form forms function goal goals group groups
    idea ideas importance instance instances issue issues item items kind kinds level levels
    lot manner matter means measure measures method methods need needs number numbers
    objective objectives order part parts people person place point points position practice
    practices problem problems process processes purpose purposes question questions range
    reason reasons regard relation respect result results role roles scale sense series set
    side significance situation situations size sort sorts source sources stage stages step
    steps structure system systems term terms thing things time times tool tools topic topics
    type types use uses value variety way ways whole work world year years realm essence
    nature rise lack course view hand line light behalf action actions effort efforts activity
    activities outcome outcomes approach approaches
    """
)

# Adjectives and modifiers that say how good, big or many something is rather than what it is;
# dropped from the front of a term ("effective communication" → "communication").
WEAK_MODIFIERS = _words(
    """
    additional appropriate better best big bigger biggest broad certain clear common complex
    comprehensive considerable consistent continued continuous critical crucial current
    different diverse effective efficient enduring entire essential exemplary existing
    extensive formidable foundational fundamental further general good great greater greatest
    high higher huge important increased increasing integral key large larger largest major
    many minor more most necessary new notable numerous optimal other overall particular
    pivotal possible potential powerful present primary proper real recent relevant robust
    several significant similar simple small specific strong stronger successful sufficient
    timely true unique useful various vast vital whole wide wider
    """
)

# Heads of noun phrases that name people or bodies that act ("participating nations"): a
# distractor for one of them must be one of them too, and the other way round.
AGENT_NOUNS = _words(
    """
    actor agency ally army authority citizen civilian client community company country
    customer developer employee entity force government group individual institution leader
    member nation official organisation organization participant partner party people person
    personnel player population stakeholder state student teacher team troop user worker
    """
)
AGENT_ENDINGS = ("ist", "ian", "ant")

# Nouns that mark a capitalised name as an organisation, an event or a place.
ORGANISATION_WORDS = _words(
    """
    academy agency alliance assembly association authority bank board brigade bureau cabinet
    centre center church club coalition college commission committee company congress
    consortium corporation corps council court department directorate federation force forces
    foundation front fund government group guard inc institute institution league ltd
    ministry movement nations navy network office organisation organization pact parliament
    party police programme program senate service society union university
    """
)
EVENT_WORDS = _words(
    """
    accord accords act agreement attack attacks battle campaign conference convention crisis
    election festival games initiative invasion massacre olympics operation revolution riots
    siege summit treaty uprising war wars
    """
)
PLACE_WORDS = _words(
    """
    bay city coast county desert district gulf island islands lake mountain mountains ocean
    peninsula province region river sea state strait street valley
    """
)
MONTHS = _words(
    "january february march april may june july august september october november december"
)

REGIONS = frozenset(
    {
        "Africa",
        "Antarctica",
        "Asia",
        "Australasia",
        "Balkans",
        "Caribbean",
        "Central America",
        "Central Asia",
        "East Africa",
        "East Asia",
        "Eastern Europe",
        "Europe",
        "Horn of Africa",
        "Latin America",
        "Middle East",
        "North Africa",
        "North America",
        "Oceania",
        "Sahel",
        "Scandinavia",
        "South America",
        "South Asia",
        "Southeast Asia",
        "Sub-Saharan Africa",
        "West Africa",
        "Western Europe",
    }
)

COUNTRIES = frozenset(
    """
    Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|
    Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|
    Bolivia|Bosnia and Herzegovina|Botswana|Brazil|Britain|Brunei|Bulgaria|Burkina Faso|Burma|
    Burundi|Cabo Verde|Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|
    China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|
    Democratic Republic of the Congo|Denmark|Djibouti|Dominica|Dominican Republic|East Timor|
    Ecuador|Egypt|El Salvador|England|Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|
    Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Great Britain|Greece|Grenada|Guatemala|
    Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|
    Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|
    Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|
    Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|
    Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nauru|
    Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|
    Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|
    Portugal|Qatar|Romania|Russia|Rwanda|Saint Kitts and Nevis|Saint Lucia|Samoa|San Marino|
    Saudi Arabia|Scotland|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|
    Solomon Islands|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|
    Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tonga|
    Trinidad and Tobago|Tunisia|Turkey|Türkiye|Turkmenistan|Tuvalu|Uganda|Ukraine|
    United Arab Emirates|United Kingdom|United States|United States of America|Uruguay|
    Uzbekistan|Vanuatu|Vatican City|Venezuela|Vietnam|Wales|Yemen|Zambia|Zimbabwe|UK|USA|UAE
    """.replace("\n", "")
    .replace("    ", "")
    .split("|")
)

# Words whose plural or singular inflect gets wrong, or that are not count nouns.
NO_SINGULAR_ENDINGS = ("ss", "us", "is", "ics", "ous", "ws", "sis")
MASS_NOUN_ENDINGS = (
    "ing",
    "ism",
    "ness",
    "ity",
    "cy",
    "ence",
    "ance",
    "ics",
    "ogy",
    "ship",
    "ment",
    "age",
    "ware",
    "dom",
    "hood",
    "ledge",
    "ation",
)
# Endings that mark a word as a noun.
NOUN_ENDINGS = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ism",
    "ist",
    "ance",
    "ence",
    "ancy",
    "ency",
    "ship",
    "acy",
    "ogy",
    "ure",
    "hood",
    "dom",
    "ics",
    "sis",
    "age",
    "ery",
)
ADJECTIVE_ENDINGS = ("ous", "ful", "ive", "ible", "able", "ical", "less", "ish")
