"""A statute's citations weighed against the units the acts they may be of have.

The context pass (`kb.citation.context.bind`) reads a statute's bare citations as
the statute's own and a relative one as of the § it stands in. Where the store can
tell (`has`: does the act have the unit, or None where it cannot say), some of them
are read again, as a lawyer who knows both acts would: a citation the statute has
no such unit for, next to an act that has it, is that act's; a relative one is of
the § cited just before it where its own § has not the unit; an act after "i"
takes back only what it has. Letters are not read so: `has` is for statutes only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from kb.citation.model import AMENDED_NAME, ActRef, Bound, Found, Pinpoint

_LAW = ("law",)

# Where a sentence ends: a full stop before a line break or before a capital.
_SENTENCE_END = re.compile(r"\.[ \t]*\n|\.[ \t]+[A-ZÆØÅ§]|:[ \t]*\n")
# "lovens", "Loven": the act's name as a provision refers to itself, or to an act just
# named ("denne lov" is always the act itself)
_LOVENS = re.compile(r"(?i:lovens?)$")
# Before an act that trails its items: "… og § 16 b i lov om …".
_TRAILS = re.compile(r"\bi\s+$")

Has = Callable[[ActRef, Pinpoint], "bool | None"]
# How many records on either side of a citation the act beside it is looked for in.
_NEAR = 48


def one_sentence(text: str, start: int, end: int) -> bool:
    """Does no sentence end between `start` and `end`?"""
    return _SENTENCE_END.search(text, start, end) is None


def of_the_last(
    pin: Pinpoint,
    base: tuple[Pinpoint, ActRef | None, Found],
    last: tuple[Pinpoint, ActRef | None, Found],
    default: ActRef | None,
    has: Has,
    text: str,
    at: int,
) -> bool:
    """Is the relative `pin` of the § cited just before it in its sentence rather than
    of the § it stands in (`base`)? So where the § it stands in has not the unit and
    that one has: "reguleres efter reglerne i § 49, stk. 3, jf. stk. 4" (pensionsloven
    § 72 b, which has no stk. 4); "Afgørelse efter § 52, stk. 3, nr. 1 og 3, … og nr.
    6" (serviceloven § 56)."""
    own_act, last_act = base[1] or default, last[1] or default
    if own_act is None or last_act is None:
        return False
    if last[0].paragraf == base[0].paragraf and last_act is own_act:
        return False
    if has(own_act, pin.under(base[0])) is not False:
        return False
    return one_sentence(text, last[2].end, at) and has(last_act, pin.under(last[0])) is True


def intro_holds(
    found: list[Found],
    intro: tuple[int, int, tuple[ActRef, Found]],
    default: ActRef,
    has: Has,
) -> bool:
    """Is the act that opens a list of numbered items the act of their bare citations?
    Not where the statute has a unit one of them cites that the act has not, and the act
    none that the statute has not: "Afgørelser … kan indbringes for Ankestyrelsen efter
    reglerne i lov om retssikkerhed og administration på det sociale område:⏎1) …
    efter § 52, stk. 3.⏎2) Ungepålæg efter § 57 b." (serviceloven § 167) cites the
    statute's own §§."""
    start, end, (act, _mention) = intro
    own = theirs = 0
    for f in found:
        if f.start < start or f.kind != "statute":
            continue
        if f.start >= end:
            break
        for item in f.items:
            if item.act is not None or item.pin.relative:
                continue
            mine, its = has(default, item.pin), has(act, item.pin)
            own += mine is True and its is False
            theirs += its is True and mine is False
    return not (own and not theirs)


def beside(
    found: list[Found],
    out: list[list[Bound]],
    default: ActRef,
    has: Has,
    text: str,
    amended: ActRef | None = None,
) -> None:
    """Second thoughts on a statute's bound citations, where the acts' units tell:

    - an act after "i" that ends a list with no act before it takes the items of a
      § before the last only where it has them or the statute has not: in "§ 1, nr.
      1, 3-5 og 8-11, § 16 a, stk. 1-6, og § 16 b i lov om en aktiv
      beskæftigelsesindsats" (an amending act's commencement provision), § 1, nr. 5
      and 8-11 are not that act's, and § 1 is the amending act's own;
    - a bare citation of a unit the statute has not is of the act named next in its
      sentence, else of the one named before it there, where that act may have it:
      "tilbageholdelse i boligen efter § 127 og om optagelse … efter § 129 i lov om
      social service" (retssikkerhedsloven § 55), "efter retsplejelovens regler om
      borgerlige sager, herunder kapitel 43 a" (serviceloven § 170);
    - so is "lovens §" of a unit the statute has not, or cannot tell it has: "til
      fravigelse af lovens § 18, stk. 1, § 19 …" after "§ 65 c, stk. 1, i lov om
      kommunernes styrelse" (an amending act's provision); and in an amending act's
      provisions, failing that, it is the amended act's ("Forslag til revision af
      lovens § 123 d" in an act of three §§ that inserted serviceloven § 123 d);
    - "§ 25 f, som affattet ved denne lovs § 1, nr. 22" is of the act amended, which
      an amending act of several acts need not be the consolidated one: where that has
      not the unit, it is of the one act named in the provision that has it ("… de
      hidtil gældende regler i lov om aktiv socialpolitik …", LOV nr. 417 of 2003).
    """
    ends: list[int] | None = None  # where sentences end, found when first needed
    acts: dict[tuple[str, str], tuple[ActRef, Found]] | None = None  # the acts named
    cited = [(i, f) for i, f in enumerate(found) if f.kind != "mention" and f.kind != "label"]
    cited = [(i, f) for i, f in cited if f.kind != "quote_end"]
    for (i, f), bounds in zip(cited, out, strict=True):
        if f.kind != "statute" or not bounds:
            continue
        _reach(f, bounds, default, has, text)
        lovens: dict[int, list[int]] = {}  # "lovens §§ …": its items, by the words
        for k, b in enumerate(bounds):
            if b.pin.relative or b.problem:
                continue
            written = b.item.act
            if written is not None and written.name == AMENDED_NAME:
                if amended is not None and b.act is amended and has(amended, b.pin) is False:
                    if acts is None:
                        acts = _named_acts(found)
                    other = _the_one_named(acts, b.pin, has)
                    if other is not None:
                        bounds[k] = b._replace(act=other[0], antecedent=other[1])
                continue
            if b.act != default:
                continue
            if written is not None:
                if written.kind == "self" and _LOVENS.match(written.text):
                    lovens.setdefault(id(written), []).append(k)
                continue
            if has(default, b.pin) is not False:
                continue
            if ends is None:
                ends = [m.start() for m in _SENTENCE_END.finditer(text)]
            other = _named_beside(found, i, ends, [b.pin], has)
            if other is not None:
                bounds[k] = b._replace(
                    act=other[0], antecedent=other[1], supplied=_LAW, default_law=False
                )
        for ks in lovens.values():
            pins = [bounds[k].pin for k in ks]
            mine = [has(default, p) for p in pins]
            if all(m is True for m in mine) or (False not in mine and True in mine):
                continue
            if ends is None:
                ends = [m.start() for m in _SENTENCE_END.finditer(text)]
            named: tuple[ActRef, Found | None] | None = _named_beside(
                found, i, ends, pins, has, sure=True
            )
            if named is None and amended is not None and _amended_has(amended, pins, mine, has):
                named = (amended, None)
            if named is not None:
                for k in ks:
                    bounds[k] = bounds[k]._replace(
                        act=named[0], antecedent=named[1], supplied=_LAW, default_law=False
                    )


def _reach(f: Found, bounds: list[Bound], default: ActRef, has: Has, text: str) -> None:
    """The items of a § before the last that an act after "i" took, given back to the
    statute where the act has not one of them and the statute has them all."""
    for act in f.acts:
        if act.kind not in ("name", "version"):
            continue
        if not _TRAILS.search(text, max(0, act.start - 4), act.start):
            continue
        groups: list[list[int]] = []  # runs of items of one § (or kapitel)
        for k, b in enumerate(bounds):
            if b.item.act is not act or b.act is not act or b.item.also is not None:
                continue
            if groups and groups[-1][-1] == k - 1 and _same_unit(bounds[k - 1].pin, b.pin):
                groups[-1].append(k)
            else:
                groups.append([k])
        for group in groups[:-1]:
            pins = [bounds[k].pin for k in group]
            if any(has(act, p) is False for p in pins) and all(
                has(default, p) is True for p in pins
            ):
                for k in group:
                    bounds[k] = bounds[k]._replace(
                        act=default, antecedent=None, supplied=(), default_law=True
                    )


def _same_unit(a: Pinpoint, b: Pinpoint) -> bool:
    """Are `a` and `b` of one § or kapitel, or two written in one list of them ("§§ 4 og
    5", "kapitlerne 16 og 17")?"""
    if a.paragraf == b.paragraf and a.kapitel == b.kapitel:
        return True
    return a[1:5] == b[1:5] == (None,) * 4 and (a.paragraf is None) == (b.paragraf is None)


def _amended_has(amended: ActRef, pins: list[Pinpoint], mine: list[bool | None], has: Has) -> bool:
    """Are the units "lovens" `pins` name in an amending act's provision the amended
    act's? Where the amending act has not one of them (`mine`: whether it has each)
    and that act has them all; or where the store cannot tell of the amending act, a
    unit has a lettered § (an amending act's have no letters) and that act has them."""
    if False not in mine and not any(" " in (p.paragraf or "") for p in pins):
        return False
    return all(has(amended, p) is True for p in pins)


def _the_one_named(
    named: dict[tuple[str, str], tuple[ActRef, Found]], pin: Pinpoint, has: Has
) -> tuple[ActRef, Found] | None:
    """The one act of `named` (each act named in the text, once: `_named_acts`) that
    has `pin`."""
    having = [one for one in named.values() if has(one[0], pin) is True]
    return having[0] if len(having) == 1 else None


def _named_acts(found: list[Found]) -> dict[tuple[str, str], tuple[ActRef, Found]]:
    """Every act named in `found`, once (the acts' names told apart), with where first."""
    named: dict[tuple[str, str], tuple[ActRef, Found]] = {}
    for f in found:
        act = _act_of(f)
        if act is not None:
            named.setdefault((act.kind, act.name or act.text), (act, f))
    return named


def _named_beside(
    found: list[Found], at: int, ends: list[int], pins: list[Pinpoint], has: Has, sure: bool = False
) -> tuple[ActRef, Found] | None:
    """The act named next in the sentence of `found[at]`, else the one named before it
    there, that may have `pins` (the store says it has, or cannot tell; `sure`: says it
    has). `ends`: where the text's sentences end, in order."""
    here = found[at]
    k = bisect.bisect_left(ends, here.end)
    after = ends[k] if k < len(ends) else None
    before = ends[k - 1] if k > 0 else -1
    # a sentence holds a few dozen records at most; text without sentence ends (or a
    # long run of citations) is not searched to its end for every one of them
    for j in range(at + 1, min(len(found), at + _NEAR)):
        f = found[j]
        if f.kind == "label" or (after is not None and f.start > after):
            break
        act = _act_of(f)
        if act is not None:
            if _may_have(act, pins, has, sure):
                return act, f
            break
    for j in range(at - 1, max(-1, at - _NEAR), -1):
        f = found[j]
        if f.kind == "label" or f.end <= before:
            break
        act = _act_of(f)
        if act is not None:
            if _may_have(act, pins, has, sure):
                return act, f
            break
    return None


def _may_have(act: ActRef, pins: list[Pinpoint], has: Has, sure: bool) -> bool:
    if sure:
        return all(has(act, p) is True for p in pins)
    return all(has(act, p) is not False for p in pins)


def _act_of(f: Found) -> ActRef | None:
    """The act a record names: a mention's, or the one written for a citation's items."""
    if f.kind == "mention":
        act = f.act
    elif f.kind == "statute":
        act = next(
            (
                i.act
                for i in reversed(f.items)
                if i.act is not None and i.act.kind in ("name", "version")
            ),
            None,
        )
    else:
        return None
    return act if act is not None and act.kind in ("name", "version") else None
