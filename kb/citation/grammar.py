"""The pieces of a Danish citation, each a small matcher over the text.

The extractor (`kb.citation.extract`) walks a text and calls these at the
positions where a citation may start or continue. Every matcher takes the
text and a position and returns what it read with the position after it, or
None; none of them searches, so the cost of a letter stays linear.

Written forms covered here: paragraph numbers ("11 a", "11a", "9 A"),
ordinal sentence lists ("2.-4. pkt.", "3. og 4. punktum"), version
designations ("LBK nr 433 af 22/04/2014", "lovbekendtgørelse nr. 755 af 9.
december 2002", "lov nr. 453 af 10/6 1997"), act names (popular names,
genitives, abbreviations, "lov om …" titles, "denne lov", "samme lov") and
practice references ("SM C-37- 00", "principafgørelse 41-17"). The words of
the levels ("§", "paragraf", "stk.", "stykke", "pkt.", "punktum") come from
`kb.citation.words`, as they do for every reader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from kb.citation.model import ActRef, Version
from kb.citation.names import Names
from kb.citation.words import SECTION, SENTENCE
from kb.codes import NoteCode
from kb.text import MONTHS, fold

_L = "a-zæøåA-ZÆØÅ"  # letters

# --- numbers ----------------------------------------------------------------

# A paragraph number with an optional letter. The letter may be upper case
# ("§ 9 A" in tax law); "i" standing alone is the preposition ("§ 24 i
# forvaltningsloven") unless punctuation, a conjunction or the preposition
# follows it ("§ 75 i i beskæftigelsesloven").
# Numbers are at most 9 digits: no act has more units, and longer runs of
# digits are not citations (and would overflow a database integer).
_NUMBER = re.compile(rf"\s*(\d{{1,9}})(?!\d)(?:[ \u00a0]?([{_L}])(?![{_L}\d]))?")
I_AS_LETTER = re.compile(r"\s*(?:[,;.)\-–]|og\b|eller\b|samt\b|i\b|$)")


def number(text: str, pos: int) -> tuple[str, int] | None:
    """ "11 a" from "§ 11a, stk. 2" at the position after "§"."""
    m = _NUMBER.match(text, pos)
    if not m:
        return None
    digits, letter = m.group(1), m.group(2)
    if letter and letter in "iI" and not I_AS_LETTER.match(text, m.end()):
        return digits, m.end(1)
    if letter:
        return f"{int(digits)} {letter.lower()}", m.end()
    return str(int(digits)), m.end()


_INT = re.compile(r"\s*(\d{1,9})(?!\d)(?!,\d)")


def integer(text: str, pos: int) -> tuple[int, int] | None:
    m = _INT.match(text, pos)
    return (int(m.group(1)), m.end()) if m else None


_DASH = re.compile(rf"\s*[-–]\s*(?:{SECTION.single}\s*)?")


def dash(text: str, pos: int) -> int | None:
    c = text[pos : pos + 1]
    if c != "-" and c != "–":
        if not c.isspace():
            return None  # the common case, without the pattern
        rest = text[pos : pos + 16].lstrip()
        if rest and rest[0] != "-" and rest[0] != "–":
            return None
    m = _DASH.match(text, pos)
    return m.end() if m else None


# "2. pkt.", "2.-4. pkt.", "3. og 4. pkt.", "1., 2. og 5. pkt."
ORDINALS = re.compile(
    r"(\d{1,2})\.\s*((?:(?:[-–]|,|og|eller|samt)\s*\d{1,2}\.\s*)*)" + SENTENCE.pattern,
)
_ORDINAL_PART = re.compile(r"([-–]|,|og|eller|samt)?\s*(\d{1,2})\.")
# Where an ordinal list may begin, read backwards from "pkt" (for "jf. dog
# 2. og 3. pkt." the scan meets "pkt" first).
ORDINALS_BEFORE = re.compile(
    r"(\d{1,2})\.\s*(?:(?:[-–]|,|og|eller|samt)\s*\d{1,2}\.\s*)*$",
)


def ordinals(match: re.Match[str]) -> list[int]:
    """[2, 3, 4] from the match of "2.-4. pkt."."""
    values = [int(match.group(1))]
    for sep, num in _ORDINAL_PART.findall(match.group(2)):
        n = int(num)
        if sep in ("-", "–") and n > values[-1]:
            values.extend(range(values[-1] + 1, n + 1))
        else:
            values.append(n)
    return values


# --- versions ---------------------------------------------------------------

_MONTH = "|".join(MONTHS)
_SHORT_TYPES = "LBK|LOV|BEK|VEJ|CIR|CIS|SKR|AND|DSK"
_LONG_TYPES = {
    "lovbekendtgørelse": "LBK",
    "lovbekendtgørelsen": "LBK",
    "bekendtgørelse": "BEK",
    "bekendtgørelsen": "BEK",
    "lov": "LOV",
    "loven": "LOV",
    "vejledning": "VEJ",
    "vejl.": "VEJ",
    "cirkulære": "CIR",
    "cirkulæreskrivelse": "CIS",
    "cirk.skr.": "CIS",
    "anordning": "AND",
}
_DATE = (
    rf"(?:(?P<d>\d{{1,2}})\.?\s*(?P<month>{_MONTH})\s+(?P<y>\d{{4}})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[ /.-]?(?P<y2>\d{4}))"  # 22/04/2014, 22.04.2014
)
_VERSION = re.compile(
    rf"(?:(?P<short>{_SHORT_TYPES})|(?P<long>(?i:lovbekendtgørelsen?|bekendtgørelsen?|lov(?:en)?|"
    r"vejledning|vejl\.|cirkulæreskrivelse|cirkulære|cirk\.skr\.|anordning)))"
    # "af d. 23. december 2014", "af den 23. december 2014": the day's article written
    rf"\s*,?\s*(?i:nr)\.?\s*(?P<num>\d{{1,9}})(?!\d)\s*,?\s+af\s+(?:(?i:d\.|den)\s*)?"
    rf"(?i:{_DATE})(?![\d/])",
)
_THIS_YEAR = dt.date.today().year
# A designation has its "nr" within this many characters of its start (the
# longest ministry name and document type come to about 50).
_VERSION_REACH = 120
# The first letters of the document types above, in either case.
_TYPE_INITIALS = frozenset("LBVCSADlbvca")
_MINISTRY = re.compile(rf"[{_L}-]+ministeriets\s+|(?:[{_L}]+min\.)\s+")


def may_begin_version(word: str) -> bool:
    """Can a version designation begin with `word`? Only with a document
    type or a ministry (the test `version` makes before its patterns)."""
    return word[:1] in _TYPE_INITIALS or "min" in word


def version(text: str, pos: int) -> tuple[Version, int] | None:
    """A version designation at `pos`, with an optional ministry before it."""
    if text[pos : pos + 1] not in _TYPE_INITIALS and "min" not in WORD.match(text, pos).group():  # type: ignore[union-attr]
        return None  # neither a document type nor a ministry ("…ministeriets", "…min.")
    window = text[pos : pos + _VERSION_REACH]
    if "nr" not in window and "Nr" not in window and "NR" not in window:
        return None  # most act names: no designation follows, and the test is cheap
    m = _MINISTRY.match(text, pos)
    start = m.end() if m else pos
    v = _VERSION.match(text, start)
    if not v:
        return None
    doc_type = v.group("short") or _LONG_TYPES[v.group("long").lower()]
    if v.group("d"):
        day, month, year = int(v.group("d")), MONTHS[v.group("month").lower()], int(v.group("y"))
    else:
        day, month, year = int(v.group("d2")), int(v.group("m2")), int(v.group("y2"))
    try:
        iso: str | None = dt.date(year, month, day).isoformat()
    except ValueError:
        iso = None
    if iso is not None and year > _THIS_YEAR + 1:
        iso = None  # "19. december 2207": a typing error, not a date
    return Version(v.group(0), doc_type.upper(), int(v.group("num")), iso), v.end()


def designation_at(text: str) -> str | None:
    """The version designated at the start of `text`, in Retsinformation's short
    form: "LOV nr 790 af 28/06/2013" from "Lov nr. 790 af 28. juni 2013 (Forlængelse
    …)", the heading a consolidation gives an amending act whose provisions it quotes."""
    got = version(text, 0)
    if got is None and (typo := _NUMBER_FIRST.match(text)):
        # "Lov 1000 nr. 30. august 2015 (…)": the number and "nr." changed places (LBK
        # 1001 of 2015, aktivloven); the date and the number still designate the act
        got = version(f"Lov nr. {typo.group(1)} af {typo.group(2)}", 0)
    if got is None or got[0].date is None:
        return None
    v = got[0]
    year, month, day = v.date.split("-")  # type: ignore[union-attr]
    return f"{v.doc_type} nr {v.number} af {day}/{month}/{year}"


_NUMBER_FIRST = re.compile(rf"Lov\s+(\d{{1,5}})\s+nr\.\s+((?i:{_DATE}))")


# --- act names --------------------------------------------------------------

# Words that end a "lov om …" title written in running text: verbs and
# conjunctions that no title of a social-law act continues with.
_TITLE_STOP = (
    "og §|eller §|og efter|eller efter|samt|jf|jfr|som|der|hvor|hvis|når|fordi|kan|skal|er|"
    "har|må|gælder|finder|ydes|bliver|vil|anvendes|træder|ophæves|med de|for så vidt|i medfør|"
    "efter §|i §|" + SECTION.spelled
)
# A title's words; a word's letters may be followed by a note's number, which is not
# part of it ("i lov om social pension1)": the consolidation's note 1). A stk.'s label
# or a numbered item's is no word of it ("… lov om forbud mod forskelsbehandling på
# arbejdsmarkedet m.v.⏎Stk. 4. Varigheden …").
_TITLE = re.compile(
    rf"[Ll]ov\s+om(?:\s+(?!(?:{_TITLE_STOP})\b|Stk\.\s*\d|\d{{1,3}}\)\s)"
    rf"(?:m\.v\.|mv\.|m\.fl\.|[{_L}][{_L}-]*|\d[{_L}\d-]*))+"
)
# After a designation, before its §: the act's title and its name in
# parentheses, either or both (not another act's genitive: "… bekendtgørelse nr.
# 122 af 19. februar 1998 om støtte til køb af bil efter servicelovens § 99").
_VERSION_TAIL = re.compile(
    rf"(?:\s+om(?:\s+(?!(?:{_TITLE_STOP})\b|[{_L}-]*lov(?:ens|s)\b)"
    rf"(?:m\.v\.|mv\.|m\.fl\.|[{_L}\d][{_L}\d-]*))+)?"
    r"(?:\s*\((?P<name>[^()\n§]{1,60})\))?(?=\s*,?\s*" + SECTION.pattern + ")"
)
_POPULAR = re.compile(rf"[{_L}]+(?:-[{_L}]+)*lov(?:en|ens)(?![{_L}])")
_SELF = re.compile(rf"(?i:denne|nærværende)\s+lov(?:s|ens)?(?![{_L}])|(?i:lovens?)(?![{_L}])")
# "samme lov", and "den nævnte lov" of statutes ("§ 3, stk. 3 og 4, i den nævnte lov")
_SAME = re.compile(rf"(?i:samme|(?:den\s+)?nævnte)\s+lovs?(?![{_L}])")
# A word as the act patterns see it: letters and hyphens.
WORD = re.compile(rf"[{_L}-]*")
_DEMONSTRATIVES = frozenset({"samme", "denne", "nærværende", "den", "nævnte", "tidligere"})
# "den tidligere offentlighedslov": the act the one of that name replaced. Its name is
# kept with the word (FORMER), for the resolver to find the older act.
FORMER = re.compile(r"(?i:den\s+)?tidligere\s+")
_INDEFINITE = re.compile(rf"[{_L}]+(?:-[{_L}]+)*lovs?(?![{_L}])")
_THEN_VERSION = re.compile(r"\s*,?\s*(?P<open>\(\s*)?(?:jf\.\s*|jfr\.\s*)?")
_CLOSE = re.compile(r"\s*\)")
# Words ending in -loven that do not name an act.
NOT_ACTS = frozenset({"loven", "lovens", "lovs", "ændringsloven", "ændringslovens", "moderloven"})


_new = tuple.__new__
assert ActRef._fields == ("text", "start", "end", "kind", "name", "version", "genitive")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The act names the engine knows: folded name -> act key."""

    names: dict[str, str]
    pattern: Names
    abbreviations: re.Pattern[str] | None
    abbreviation_words: tuple[str, ...] = ()
    # An abbreviation standing after a citation ("§ 99 a i fvl."): it ends
    # the citation, so it needs no § after it, only the end of the word.
    trailing: re.Pattern[str] | None = None
    # Every beginning of a name that `pattern` holds: a word that is none of
    # them cannot begin a match.
    name_prefixes: frozenset[str] = frozenset()
    # The letters each abbreviation begins with, up to its first other character.
    abbreviation_heads: tuple[str, ...] = ()
    # `may_name`'s answers so far: the words after citations repeat.
    beginnings: dict[str, bool] = field(default_factory=dict, repr=False)

    def key(self, written: str) -> str | None:
        name = fold(written)
        for form in (name, name.replace("-", ""), name.replace("- ", "")):
            if form in self.names:
                return self.names[form]
        if name.endswith("s") and name[:-1] in self.names:
            return self.names[name[:-1]]
        # "lov om organisering og understøttelse af beskæftigelsesindsatsen" for the act
        # titled "… beskæftigelsesindsatsen m.v.": the title's last words left out
        for tail in (" m.v", " m.fl"):
            if name + tail in self.names:
                return self.names[name + tail]
        return None


@cache
def lexicon(extra: tuple[tuple[str, str], ...] = ()) -> Lexicon:
    """The registry's names plus `extra` (name, key) pairs from the store."""
    from kb.citation.names import registry

    names: dict[str, str] = {}
    abbreviations: set[str] = set()
    for entry in registry().entries:
        for name, _form in entry.names():
            names.setdefault(name, entry.key)
        for a in entry.abbreviations:
            a = a.rstrip(".")
            abbreviations.add(a)
            # "Fvl. § 22" opening a sentence; "FVL § 22" (not the long ones:
            # "Retssikkerhedsl" would stop at every "Retssikkerhedsloven")
            if a.islower() and len(a) <= 5:
                abbreviations.update((a[0].upper() + a[1:], a.upper()))
    for name, key in extra:
        names.setdefault(fold(name), key)
    # Multi-word names first and longest first, so that "lov om social
    # service" wins over "lov om social".
    spelled = [n for n in names if " " in n or "-" in n]
    pattern = Names(spelled)
    abbrev = trailing = None
    if abbreviations:
        words = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        # before a § or a kapitel: "fvl. § 19", "fvl. paragraf 19", "fvl kapitel 5"
        abbrev = re.compile(rf"(?:{words})\.?(?=\s*(?:{SECTION.pattern}|[Kk]apitel\s+\d))")
        trailing = re.compile(rf"(?:{words})\.?(?![{_L}\d])")
    # A word (letters and hyphens, `WORD`) is all `may_name` is asked about: the
    # beginnings of a name's first word are the ones it can meet.
    prefixes = frozenset(
        n[:k]
        for n in spelled
        for k in range(1, len(WORD.match(n).group()) + 1)  # type: ignore[union-attr]
    )
    heads = tuple(sorted({WORD.match(a).group() for a in abbreviations} - {""}))  # type: ignore[union-attr]
    return Lexicon(names, pattern, abbrev, tuple(sorted(abbreviations)), trailing, prefixes, heads)


def act(text: str, pos: int, lex: Lexicon, trailing: bool = False) -> ActRef | None:
    """An act named at `pos`, with a version designation attached if one is.

    `trailing`: the act closes a citation ("§ 17 i fvl."), so an abbreviation
    needs no § after it.
    """
    ver = version(text, pos)
    if ver:
        v, end = ver
        name = None
        tail = _VERSION_TAIL.match(text, end)
        if tail and tail.end() > end:
            # "lov nr. 572 af 19. december 1985 om offentlighed i forvaltningen
            # (offentlighedsloven) § 6": title and name belong to the designation
            paren = tail.group("name")
            if paren and (lex.key(paren) or _POPULAR.fullmatch(paren.strip())):
                name = paren.strip()
            end = tail.end()
        return ActRef(text[pos:end], pos, end, "version" if name is None else "name", name, v)
    word = WORD.match(text, pos).group()  # type: ignore[union-attr]
    if word and not may_name(word, lex):
        return None  # most words after a citation: no form below can begin with them
    m = _SAME.match(text, pos)
    if m:
        return ActRef(m.group(0), pos, m.end(), "same", genitive=m.group(0).endswith("s"))
    m = FORMER.match(text, pos)
    if m:
        return _former(text, pos, m.end(), lex)
    m = _SELF.match(text, pos)
    if m:
        return ActRef(m.group(0), pos, m.end(), "self", genitive=m.group(0).endswith("s"))
    stop = lex.pattern.match(text, pos)
    if stop is not None:
        return named(text, pos, stop)
    m = _POPULAR.match(text, pos)
    if m and m.group(0).lower() in NOT_ACTS:
        m = None
    if not m:
        m = _TITLE.match(text, pos)
    if not m and lex.abbreviations is not None:
        m = lex.abbreviations.match(text, pos)
    if not m and trailing and lex.trailing is not None:
        m = lex.trailing.match(text, pos)
    if not m:
        return None
    return named(text, pos, m.end())


def _former(text: str, pos: int, at: int, lex: Lexicon) -> ActRef | None:
    """ "den tidligere offentlighedslov", "den tidligere lov om social bistand": the
    name after the word, written as it is ("offentlighedslov" for offentlighedsloven)."""
    m = _INDEFINITE.match(text, at)
    if m is not None and m.group().lower() not in ("lov", "lovs"):
        word = m.group()[:-1] if m.group().endswith("lovs") else m.group()
        return ActRef(text[pos : m.end()], pos, m.end(), "name", f"tidligere {word}en")
    inner = act(text, at, lex)
    if inner is None or inner.kind != "name" or inner.name is None:
        return None
    return ActRef(text[pos : inner.end], pos, inner.end, "name", f"tidligere {inner.name}")


def may_name(word: str, lex: Lexicon) -> bool:
    """Can a name, "samme"/"denne" form, title or abbreviation begin with `word`?"""
    known = lex.beginnings.get(word)
    if known is None:
        if len(lex.beginnings) > 100_000:
            lex.beginnings.clear()
        known = lex.beginnings[word] = _may_name(word, lex)
    return known


def _may_name(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return (
        low.startswith("lov")  # "lov om …", "loven", "lovens"
        or "loven" in low  # a popular name, "…loven", "…lovens"
        or low in _DEMONSTRATIVES
        or low in lex.name_prefixes
        or low[:-1] in lex.name_prefixes  # "…s": a name's genitive
        or word.startswith(lex.abbreviation_heads)  # "fvl", "fvl.", "fvlKapitel 5"
    )


def named(text: str, pos: int, end: int) -> ActRef:
    """The act whose name is written at `pos`:`end`, with a version attached if one is."""
    name = text[pos:end]
    if name.endswith(("m.v", "mv", "m.fl")) and text.startswith(".", end):
        end += 1  # the title's own abbreviation point
        name += "."
    genitive = name.rstrip(".").lower().endswith(("lovens", "lovs"))
    then = _THEN_VERSION.match(text, end)
    attached = version(text, then.end()) if then else None
    v = None
    if attached and then.group("open"):  # type: ignore[union-attr]
        # "retssikkerhedsloven (lov nr. 453 af 10/6 1997) § 5"
        close = _CLOSE.match(text, attached[1])
        attached = (attached[0], close.end()) if close else None
    if attached:
        v, end = attached
    # built directly: named acts are made for every mention (see records.new)
    return _new(ActRef, (text[pos:end], pos, end, "name", name, v, genitive))


# --- practice references ----------------------------------------------------

PRACTICE = re.compile(
    r"(?:(?i:sociale?\s+meddelelser?)\s*,?\s*)?"
    r"(?:(?:\(SM\)|SM\)?)\s*(?P<sl>[A-ZÆØ0])\s*-\s*(?P<sn>\d{1,3})\s*-\s*(?P<sy>\d{2})(?!\d)"
    r"|(?P<word>[Pp]rincip(?:afgørelse|meddelelse)(?:n|rne|r)?)\s+(?:nr\.\s*)?"
    r"(?:(?P<pl>[A-ZÆØ])\s*-\s*)?(?P<pn>\d{1,3})\s*-\s*(?P<py>\d{2})(?!\d)"
    r"|AFG\.\s?(?P<an>\d{1,3})-(?P<ay>\d{2})(?!\d))"
)


def practice(match: re.Match[str]) -> tuple[str, tuple[NoteCode, ...]]:
    """The normalised reference and remarks on how it was written (kb.codes)."""
    notes: list[NoteCode] = []
    if match.group("sl"):
        letter = match.group("sl")
        if letter == "0":
            letter = "O"
            notes.append("practice_digit_zero")
        return f"SM {letter}-{int(match.group('sn'))}-{match.group('sy')}", tuple(notes)
    if match.group("pn"):
        if match.group("pl"):  # an old SM letter code written without "SM"
            return (
                f"SM {match.group('pl')}-{int(match.group('pn'))}-{match.group('py')}",
                (),
            )
        word = "principmeddelelse" if "meddelelse" in match.group("word") else "principafgørelse"
        return f"{word} {int(match.group('pn'))}-{match.group('py')}", ()
    notes.append("practice_informal_afg")
    return f"principafgørelse {int(match.group('an'))}-{match.group('ay')}", tuple(notes)
