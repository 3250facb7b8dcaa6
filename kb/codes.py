"""The words programs branch on, defined once: statuses, kinds and codes.

A target's `status` says what became of it, its `reason` why it is not `ok`,
and each of its warnings has a `code`. Programs read these and never the
messages, which are for people. `docs/codes.md` lists every code with a real
example; `tests/test_codes.py` holds the two in step.

Every message for a person is made by `say`, from an English template and
its fields: the one place a translation goes. `say` looks the template up in
the catalog (`kb.i18n._`), in the language in force when it is called, then
fills in the fields; Babel extracts every template, since `say` is one of its
keywords (`kb/locale/README.md`). A template is therefore always a string
literal at the call site: `say("a") if x else say("b")`, never
`say("a" if x else "b")` or `say(variable)`. The fields are names, labels,
designations and numbers, never translated; a `Day` field is written the way
the language writes a date.

>>> from kb.i18n import use_language
>>> with use_language("da"):
...     say("{version} comes into force on {since}", version="LBK nr 1 af 01/01/2020",
...         since=Day("2020-01-01"))
'LBK nr 1 af 01/01/2020 træder i kraft den 1. januar 2020'
>>> with use_language("en"):
...     say("{version} comes into force on {since}", version="LBK nr 1 af 01/01/2020",
...         since=Day("2020-01-01"))
'LBK nr 1 af 01/01/2020 comes into force on 2020-01-01'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple, get_args

from kb.i18n import _, language
from kb.text import danish_date

Status = Literal["ok", "not_found", "unknown_law", "ambiguous", "not_in_force"]
STATUSES: tuple[Status, ...] = get_args(Status)

# The records that are citations, with targets (`kb.api.Citation.kind`).
CitationKind = Literal["statute", "practice", "malformed", "article"]
CITATION_KINDS: tuple[CitationKind, ...] = get_args(CitationKind)
# Every record the extractor makes (`kb.citation.model.Found.kind`): the
# citations, and "label", "quote_end" and "mention", which have no targets.
FoundKind = Literal[CitationKind, "label", "quote_end", "mention"]
# How a citation names its act (`kb.citation.model.ActRef.kind`).
ActKind = Literal["name", "self", "same", "version"]


def say(template: str, /, **fields: object) -> str:
    """The message for a person: `template` in the language in force, with `fields` filled in.

    `template` must be a string literal where `say` is called (see the module's docstring).
    """
    message = _(template)
    return message.format(**fields) if fields else message


class Day(str):
    """An ISO date as a field of `say`: "22. april 2014" in Danish, "2014-04-22" in English."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return format(danish_date(self) if language() == "da" else str(self), spec)


def day(iso: str | None) -> Day | None:
    """`iso` ("2014-04-22") as a `Day` field, or None."""
    return Day(iso) if iso else None


def quote(text: str) -> str:
    """`text` quoted the way the language in force quotes: „…“ in Danish, '…' in English."""
    return f"\u201e{text}\u201c" if language() == "da" else repr(text)


# --- reasons: why a target is not ok ------------------------------------------

Reason = Literal[
    "unit_not_found",
    "pkt_not_found",
    "range_backwards",
    "range_too_wide",
    "placeholder",
    "impossible_date",
    "version_not_found",
    "version_of_other_act",
    "no_version_in_force",
    "text_not_stored",
    "not_in_extract",
    "law_not_loaded",
    "law_name_unknown",
    "not_danish_statute",
    "law_undetermined",
    "reference_unresolved",
    "paragraf_undetermined",
    "two_acts_named",
    "practice_not_stored",
    "not_yet_in_force",
    "superseded_version",
    "act_replaced",
    "repealed",
    "no_longer_in_act",
]

REASONS: dict[Reason, str] = {
    "unit_not_found": "the act and version are known, but the cited kapitel, §, stk., nr. or "
    "litra is not in that version",
    "pkt_not_found": "the cited unit exists, but has fewer sentences (pkt.) than the citation "
    "counts",
    "range_backwards": "a range whose second end comes before its first, at any level",
    "range_too_wide": "a range of stk. or nr. too wide to be one provision's: a typing error",
    "placeholder": "a placeholder stands where the § number belongs",
    "impossible_date": "the date of the version designation written is no possible date",
    "version_not_found": "the act is loaded, but the version named is none of its stored versions",
    "version_of_other_act": "the version named is stored, but as a version of another act than "
    "the one named",
    "no_version_in_force": "the act is loaded, but none of its stored versions was in force on the "
    "date asked about: the act's oldest stored version is its own first text, from a later date",
    "text_not_stored": "the act was in force on the date asked about, but its text on that date is "
    "not in the store",
    "not_in_extract": "the version read is a partial extract that does not include the cited unit",
    "law_not_loaded": "the act named is not loaded (a known act by its name, or a designation "
    "that no stored version has)",
    "law_name_unknown": "no act of the name written is loaded or known to the registry",
    "not_danish_statute": "an article of an EU act or a convention: not a Danish statute",
    "law_undetermined": "the citation names no act, and none is named before it",
    "reference_unresolved": "'denne lov', 'samme lov' or 'loven' with no act named before it",
    "paragraf_undetermined": "a citation without its § ('stk. 2') with no § cited before it",
    "two_acts_named": "the citation names two different acts for the same unit",
    "practice_not_stored": "the practice reference is not stored",
    "not_yet_in_force": "the version named comes into force after the date asked about",
    "superseded_version": "the version named has been superseded by a newer version of the act; "
    "it is read as named",
    "act_replaced": "the act named has been replaced by a new act of the same name; it is read "
    "as named",
    "repealed": "the version read keeps only the provision's number: it is repealed",
    "no_longer_in_act": "the version in force does not have the provision; the text is from the "
    "earlier version that had it",
}

# --- warnings: non-fatal remarks on a target -----------------------------------

# Remarks the extractor makes on how a citation is written (`Found.notes`).
NoteCode = Literal["no_section_sign", "practice_digit_zero", "practice_informal_afg"]

WarningCode = Literal[
    NoteCode,
    "designation_missing",
    "replaced_older_act",
    "newer_version_in_force",
    "rule_moved",
    "stk_not_named",
    "pkt_counted_in_first_stk",
    "range_gap",
    "range_expanded_blind",
    "law_from_default",
    "unread_text",
    "created_by_amendment",
    "amendment_not_consolidated",
    "amendment_pending",
    "amendment_in_later_consolidation",
    "not_in_newer_version",
    "differs_in_newer_version",
    "later_changes_not_stored",
    "marked_historic",
]

WARNINGS: dict[WarningCode, str] = {
    "no_section_sign": "the citation is written without the § sign",
    "practice_digit_zero": "a practice reference written with the digit 0 for the series letter O",
    "practice_informal_afg": "a practice reference written 'AFG.' for principafgørelse",
    "designation_missing": "the letter cites an act but never gives its number and date, which "
    "the pamphlet's checklist asks for",
    "replaced_older_act": "the act read replaced an older act of the same name: a citation "
    "written before then meant the older act",
    "newer_version_in_force": "the version named is superseded; the warning names the version "
    "in force",
    "rule_moved": "the same § of the act this one replaced is another rule, now under another "
    "number here",
    "stk_not_named": "a whole § is cited that has several stk.",
    "pkt_counted_in_first_stk": "a pkt. of a § with several stk., counted in stk. 1",
    "range_gap": "whole numbers between a range's ends that the version does not have",
    "range_expanded_blind": "a range of an act that is not loaded, expanded by number only",
    "law_from_default": "the act is not named; it was taken from --law",
    "unread_text": "part of the text given to resolve was not read as a citation",
    "created_by_amendment": "the unit is not in the version read; a stored amending act inserts "
    "it or renumbers a unit into it",
    "amendment_not_consolidated": "a stored amending act in force changed the unit, and no stored "
    "consolidation includes the change",
    "amendment_pending": "a stored amending act will change the unit from a later date",
    "amendment_in_later_consolidation": "a stored amending act in force changed the unit; the "
    "stored consolidation with the change applies only from a later date",
    "not_in_newer_version": "the unit is not in the newer stored version of the act",
    "differs_in_newer_version": "the unit reads differently in the newer stored version of the act",
    "later_changes_not_stored": "the version read has later changes, named in its own metadata "
    "and signed by the day asked about, that the store does not hold",
    "marked_historic": "Retsinformation had marked the version read as historic (no longer "
    "current) by the day asked about, and the store holds no newer version",
}

# What each of the extractor's remarks says to a person (said when the note is made:
# each template a literal at its `say`, so that Babel extracts it).
_NOTES: dict[NoteCode, Callable[[], str]] = {
    "no_section_sign": lambda: say("written without the § sign"),
    "practice_digit_zero": lambda: say(
        "written with the digit 0 where the series letter O is meant"
    ),
    "practice_informal_afg": lambda: say("AFG. is an informal way of writing principafgørelse"),
}

assert set(REASONS) == set(get_args(Reason))
assert set(WARNINGS) == set(get_args(WarningCode)) >= set(_NOTES) == set(get_args(NoteCode))
assert not set(REASONS) & set(WARNINGS)  # one code, one meaning


class Warning(NamedTuple):  # the contract's word (shadows the builtin, unused here)
    """A non-fatal remark on a target: a code for programs, a message for people."""

    code: WarningCode
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class Problem(NamedTuple):
    """Why a citation cannot be read or completed, as the extractor found it."""

    reason: Reason
    message: str


def note(code: NoteCode) -> Warning:
    """The warning for one of the extractor's remarks on how a citation is written."""
    return Warning(code, _NOTES[code]())
