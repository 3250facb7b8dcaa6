"""Complete short forms from context, as a careful reader does.

Walks the extracted records in order and decides, for every item, which act
it is of and — for "stk. 2", "2. pkt." written without a § — which § it is
under. The rules, in order:

1. An act written for the item itself ("forvaltningslovens § 24", "§ 17 i
   lov om social pension") applies.
2. Citations joined by "jf." share an act: "§ 115, stk. 2 og 4, jf. § 105,
   stk. 2, i lov om almene boliger" is two citations of one act.
3. Inside a quoted provision (after a "§ 24." label) a bare citation is of
   the quoted act and a relative one is relative to the quoted § and stk.
4. Otherwise the act named last in the letter applies, until another act is
   named; a relative citation is relative to the § cited last. "denne lov"
   and "loven" mean the quoted act, else the `--law` act, else this one.
5. Otherwise the `--law` default, if one is given; else nothing, and the
   resolver reports the citation as ambiguous.

Every completed item records its antecedent: the record it leaned on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.citation.model import AMENDED_NAME, FORMER_NAME, ActRef, Bound, Found, Pinpoint
from kb.citation.weigh import beside, intro_holds, of_the_last
from kb.codes import Problem, say

_new = tuple.__new__
assert len(Bound._fields) == 8
_LAW = ("law",)
_PARAGRAF = ("paragraf",)


@dataclass
class _Quote:
    act: tuple[ActRef, Found] | None
    par: str | None
    stk: int | None
    label: Found
    base: tuple[Pinpoint, ActRef | None, Found] | None = None  # made when first needed


def bind(
    found: list[Found],
    default: ActRef | None = None,
    statute: bool = False,
    text: str | None = None,
    amended: ActRef | None = None,
    has: Callable[[ActRef, Pinpoint], bool | None] | None = None,
) -> list[list[Bound]]:
    """For every statute citation in `found`, its items completed.

    `statute`: `found` is read from the text of the act `default` itself, by the
    rules a lawyer reads a statute by, not a letter's. Each "§ 13." label opens a
    provision of that act: an act named in the § before (or in a heading) does
    not reach past it, a bare "§ 11" is the statute's own, and "stk. 2" is of the
    § it stands in. In a letter an act named once is the act of what follows,
    and a "§ 24." label opens a quotation of the act named before it.

    Where the two differ further, a statute is read as a lawyer reads it:
    - a bare citation joined by "jf." to one of another act is the statute's own
      where the statute has the unit ("oplysninger …, jf. §§ 82 og 83" in
      retssikkerhedsloven § 84, after "… i lov om social service"), and the other
      act's where it has not ("ikke er omfattet af § 13, stk. 10, …, jf. § 26, stk.
      4-10, i lov om aktiv socialpolitik" in dagtilbudsloven § 87), as `has` (the act,
      the unit) tells; in a letter the two share an act (rule 2);
    - an act that opens a list of numbered items ("… efter udlændingelovens⏎1) § 9 b,
      ⏎2) …", "Ankestyrelsens afgørelser efter lov om social service kan … :⏎1) …
      efter § 58") is the act of the bare citations in those items (with `text`, the
      text `found` was read from);
    - the provisions of an amending act quoted in a consolidation are read with that
      act as `default`, and `amended` is the act the consolidation is of: "§ 25 f,
      som affattet ved denne lovs § 1, nr. 22" is `amended`'s § 25 f, and so is a bare
      citation of a unit the amending act has not and `amended` has.
    """
    prose: tuple[ActRef, Found] | None = None  # the act named last, and where
    named: tuple[ActRef, Found] | None = None  # the act written last (for "samme lov")
    quote: _Quote | None = None
    last: tuple[Pinpoint, ActRef | None, Found] | None = None  # the § cited last
    out: list[list[Bound]] = []
    chain_acts = {} if statute and has is None else _chain_acts(found)
    intros = _intros(found, text) if statute and text else []
    intro_at = 0
    holds: dict[int, bool] = {}

    for index, f in enumerate(found):
        kind = f.kind
        if kind == "quote_end":
            if not statute:
                quote = None  # "… truffet.«": the quoted provision ends
            continue
        if kind == "label":
            pin = f.items[0].pin
            if pin.kapitel is not None:
                continue
            if pin.paragraf is not None:
                if statute:
                    prose = named = last = None
                    itself = (default, f) if default is not None else None
                    quote = _Quote(itself, pin.paragraf, None, f)
                else:
                    quote = _Quote(quote.act if quote else prose, pin.paragraf, None, f)
            elif quote is not None:
                quote.stk, quote.base = pin.stk, None
            continue
        if kind == "mention":
            ref = f.act
            if ref is None or ref.kind in ("self", "same"):
                continue
            named = (ref, f)
            if statute:
                continue  # an act named in a statute's text is the act of its own citation
            heading = f.text[:1].isupper() and not ref.genitive
            if quote is None:
                prose = (ref, f)
            elif heading:
                prose, quote = (ref, f), None
            continue
        if kind != "statute":
            out.append([])
            continue

        bounds: list[Bound] = []
        inner: ActRef | None = None  # the act written last inside this citation
        intro = None
        while intro_at < len(intros) and intros[intro_at][1] <= f.start:
            intro_at += 1
        if intro_at < len(intros) and intros[intro_at][0] <= f.start:
            intro = intros[intro_at][2]
            if has is not None and default is not None:
                if intro_at not in holds:
                    holds[intro_at] = intro_holds(found, intros[intro_at], default, has)
                if not holds[intro_at]:
                    intro = None
        for item in f.items:
            pin, _upto, act, _also = item
            if act is not None and act.kind in ("name", "version"):
                inner = act
            antecedent = problem = None
            supplied: tuple[str, ...] = ()
            is_default = False
            if act is not None and act.kind == "self" and act.name == AMENDED_NAME:
                # "§ 25 f, som affattet ved denne lovs § 1, nr. 22": the act amended
                act = amended
                if amended is not None:
                    supplied = _LAW
            if act is not None and act.kind in ("self", "same"):
                former = act.kind == "same" and act.name == FORMER_NAME
                if former:
                    # "offentlighedslovens § 13 (tidligere § 6)": the act cited before
                    # it, or the statute read, as it was before it replaced another
                    source = named or ((default, None) if default is not None else prose)
                elif act.kind == "same":
                    source = named
                elif quote is not None:
                    source = quote.act
                elif default is not None:
                    source = (default, None)
                else:
                    source = prose
                if source is None:
                    problem = Problem(
                        "reference_unresolved",
                        say(
                            "{written!r} refers to an act, but none is named before it",
                            written=act.text,
                        ),
                    )
                    act = None
                else:
                    act, antecedent = source[0], source[1]
                    if former:
                        act = _former(act)
                    if antecedent is not None:
                        supplied = _LAW
            # In a statute a stk. without a § is of the § it stands in, whatever act the
            # list ends with ("stk. 2-4 og §§ 37 og 38 i lov om …") or a "jf." names.
            own = statute and pin.paragraf is None and pin.kapitel is None
            if own and act is not None and act.kind in ("name", "version"):
                act = None
            if act is None and problem is None and index in chain_acts and not own:
                borrowed = chain_acts[index]
                if not statute or has is None or default is None or not has(default, pin):
                    act, antecedent = borrowed
                    supplied = _LAW
            if act is None and problem is None and intro is not None and not own:
                act, antecedent = intro
                supplied = _LAW
            if act is None and problem is None and inner is not None and not own:
                # "§ 11 a i retssikkerhedsloven og § 12": the act named last
                # is the one named earlier in this same citation
                act, antecedent, supplied = inner, f, _LAW
            if pin.paragraf is None and pin.kapitel is None:  # relative: "stk. 2"
                base = None
                if quote is not None and quote.par is not None:
                    base = quote.base
                    if base is None:
                        quoted = quote.act[0] if quote.act else None
                        # in a statute, words before a § 's "Stk. 2." stand in its stk. 1
                        stk = quote.stk if quote.stk is not None or not statute else 1
                        base = (Pinpoint(paragraf=quote.par, stk=stk), quoted, quote.label)
                        quote.base = base
                    if (
                        statute
                        and last is not None
                        and has is not None
                        and text is not None
                        and of_the_last(pin, base, last, default, has, text, f.start)
                    ):
                        base = last
                elif last is not None:
                    base = last
                if base is None:
                    problem = Problem(
                        "paragraf_undetermined",
                        say("{unit} names no §, and no § is cited before it", unit=pin.written()),
                    )
                else:
                    pin = pin.under(base[0])
                    if act is None and base[1] is not None:
                        act = base[1]
                        supplied = _LAW
                    antecedent = base[2]
                    supplied += _PARAGRAF
            # "sanktionsregler i §§ 35-41" in an amending act of ten §§: the amended act's
            if (
                act is None
                and problem is None
                and amended is not None
                and has is not None
                and default is not None
                and not own
                and (
                    has(default, pin) is False
                    # an amending act the store has not: its §§ have no letters
                    or (has(default, pin) is None and " " in (pin.paragraf or ""))
                )
                and has(amended, pin)
            ):
                act, supplied = amended, _LAW
            if act is None and problem is None:
                source = quote.act if quote is not None else prose
                if source is not None:
                    act, antecedent = source
                    supplied += _LAW
                elif default is not None:
                    act, is_default = default, True
            bound = (f, item, pin, act, antecedent, supplied, problem, is_default)
            bounds.append(_new(Bound, bound))  # directly: Bound's own __new__ costs 4×
        out.append(bounds)

        for i in reversed(f.items):
            if i.act is not None and i.act.kind in ("name", "version"):
                named = (i.act, f)
                break
        final = bounds[-1] if bounds else None
        if final is not None and final.act is not None and quote is None and not statute:
            if final.item.act is not None and final.item.act.kind in ("name", "version"):
                prose = (final.act, f)
            elif prose is None or prose[0] is not final.act:
                prose = (final.act, final.antecedent or f)
        for b in reversed(bounds):
            if b.pin.paragraf is not None:
                # after "§§ 22-24" the § cited last is § 24
                upto = b.item.upto
                last = (b.pin if upto is None else Pinpoint(paragraf=upto), b.act, f)
                break
    if statute and has is not None and default is not None and text is not None:
        beside(found, out, default, has, text, amended)
    return out


def _chain_acts(found: list[Found]) -> dict[int, tuple[ActRef, Found]]:
    """For citations joined by "jf.", the act a member without one borrows."""
    # Only a linked citation continues a chain, and few are linked: the
    # chains are built from those alone.
    chains: list[list[int]] = []
    for i in [i for i, f in enumerate(found) if f.linked and f.kind == "statute"]:
        previous = _previous_statute(found, i)
        if previous is None:
            continue
        if chains and chains[-1][-1] == previous:
            chains[-1].append(i)
        else:
            chains.append([previous, i])
    borrowed: dict[int, tuple[ActRef, Found]] = {}
    for chain in chains:
        # The nearest act written before each member, then after it: one
        # pass each way, so a long chain costs no more than its length.
        before: list[tuple[ActRef, Found] | None] = []
        nearest = None
        for i in chain:
            before.append(nearest)
            act = _written_act(found[i], last=True)
            if act is not None:
                nearest = (act, found[i])
        after: list[tuple[ActRef, Found] | None] = []
        nearest = None
        for i in reversed(chain):
            after.append(nearest)
            act = _written_act(found[i], last=False)
            if act is not None:
                nearest = (act, found[i])
        after.reverse()
        for pos, i in enumerate(chain):
            if any(item.act is not None for item in found[i].items):
                continue
            source = before[pos] or after[pos]
            if source is not None:
                borrowed[i] = source
    return borrowed


def _previous_statute(found: list[Found], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if found[j].kind == "statute":
            return j
        if found[j].kind != "mention":
            return None
    return None


def _written_act(f: Found, last: bool) -> ActRef | None:
    acts = [i.act for i in f.items if i.act is not None and i.act.kind in ("name", "version")]
    if not acts:
        return None
    return acts[-1] if last else acts[0]


def _former(act: ActRef) -> ActRef:
    """The act `act` replaced, as "den tidligere …" names it (kb.resolver.versions)."""
    name = act.name or act.text
    if act.genitive and name.endswith("s"):
        name = name[:-1]  # "offentlighedslovens" -> "offentlighedsloven"
    return act._replace(name=f"{FORMER_NAME} {name}", version=None, genitive=False)


_ITEM_LINE = re.compile(r"[ \t]*\d{1,3}\)[ \t]")


def _intros(found: list[Found], text: str) -> list[tuple[int, int, tuple[ActRef, Found]]]:
    """The numbered items an act opens, each as (start, end, the act and its mention):
    the line before them ends with the act's genitive ("… efter udlændingelovens") or
    with a colon after the only act named on it ("Ankestyrelsens afgørelser efter lov
    om social service kan … indbringes …:")."""
    out: list[tuple[int, int, tuple[ActRef, Found]]] = []
    mentions = [f for f in found if f.kind == "mention" and f.act and f.act.kind == "name"]
    for m in mentions:
        line_end = text.find("\n", m.end)
        if line_end == -1 or not _ITEM_LINE.match(text, line_end + 1):
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        rest = text[m.end : line_end].rstrip()
        on_line = [x for x in mentions if line_start <= x.start < line_end]
        # "… efter lov om en satsreguleringsprocent og efter stk. 3 og 4 de beløb, der
        # er nævnt i:": a citation of the statute's own after the act ends its reach
        own_after = any(
            x.kind == "statute" and m.end <= x.start < line_end and all(not i.act for i in x.items)
            for x in found
        )
        opens = (m.act.genitive and not rest) or (  # type: ignore[union-attr]
            rest.endswith(":") and on_line == [m] and not own_after
        )
        if not opens:
            continue
        end = line_end
        while _ITEM_LINE.match(text, end + 1):
            nxt = text.find("\n", end + 1)
            end = len(text) if nxt == -1 else nxt
            if nxt == -1:
                break
        out.append((line_end, end, (m.act, m)))  # type: ignore[arg-type]
    return out
