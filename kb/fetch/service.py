"""Retsinformation's addresses and answers: documents and their metadata by ELI, and
the harvest API's documents changed on a day.

Observed: the ELI address forms and the LexDania XML they serve (the files in
../shared/data). Documented but not observed here (the machines have no network): the
harvest API's JSON, its limits (one call per 10 s, 10 days back, 03:00-23:45 Danish
time), the HTML page for an unknown address and the 404. Assumed: the metadata at
`….json` beside an ELI `…/xml` address, and its field names (`README.md`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from kb.config import harvest_url, retsinformation_url
from kb.fetch.client import Client, FetchError, is_html
from kb.i18n import _

HARVEST_INTERVAL = 10.0  # seconds: the documented limit, one harvest call per 10 s
HARVEST_DAYS = 10  # how far back the harvest API answers
# Not documented: a pause between document requests all the same.
DOCUMENT_INTERVAL = 1.0


@dataclass(frozen=True)
class HarvestItem:
    """A document the harvest API says changed on a day."""

    document_id: str | None
    accession: str | None
    reason: str  # NewDocument, DocumentMetadataChanged, DocumentContentChanged, RemovedDocument
    changed: str | None
    doc_type: str  # documentType.shortName: "LBK", "LOV", "BEK", …
    href: str  # the ELI XML address, followed as given


@dataclass(frozen=True)
class Metadata:
    """What the `.json` beside a document's XML says of it (field names assumed)."""

    url: str
    accession: str | None
    designation: str | None
    title: str
    popular_title: str | None
    doc_type: str | None


class Service:
    def __init__(
        self,
        client: Client | None = None,
        base: str | None = None,
        harvest: str | None = None,
    ) -> None:
        self.client = client or Client()
        self.base = (base or retsinformation_url()).rstrip("/")
        self.harvest_endpoint = harvest or harvest_url()

    # --- addresses ---------------------------------------------------------------

    def eli(self, year: int, number: int) -> str:
        return f"{self.base}/eli/lta/{year}/{number}/xml"

    def eli_accession(self, accession: str) -> str:
        return f"{self.base}/eli/accn/{accession}/xml"

    def address_of(self, designation: str | None, accession: str | None) -> str | None:
        """A document's XML address, by its designation ("LOV nr 638 af 12/06/2013") or
        else its accession number."""
        found = designation_parts(designation or "")
        if found is not None:
            return self.eli(found[1], found[0])
        return self.eli_accession(accession) if accession else None

    # --- answers -----------------------------------------------------------------

    def document(self, url: str) -> bytes:
        """The LexDania XML at `url`."""
        body, kind = self.client.get(url, limit="document", interval=DOCUMENT_INTERVAL)
        if is_html(body, kind):
            raise FetchError(url, _web_page(), "html")
        return body

    def metadata(self, url: str) -> Metadata:
        """The metadata beside the XML at `url`."""
        where = json_address(url)
        body, kind = self.client.get(where, limit="document", interval=DOCUMENT_INTERVAL)
        if is_html(body, kind):
            raise FetchError(where, _web_page(), "html")
        data = _json(where, body)
        if not isinstance(data, dict):
            raise FetchError(where, _("the answer is not the JSON expected"), "http")
        kind_ = data.get("documentType")
        return Metadata(
            url=url,
            accession=_text(data.get("accessionsnummer")),
            designation=_text(data.get("shortName")),
            title=_text(data.get("title")) or "",
            popular_title=_text(data.get("popularTitle")),
            doc_type=_text(kind_.get("shortName")) if isinstance(kind_, dict) else _text(kind_),
        )

    def harvest(self, day: dt.date) -> list[HarvestItem]:
        """The documents changed on `day`; one call per 10 s, as documented."""
        url = f"{self.harvest_endpoint}?date={day.isoformat()}"
        try:
            body, kind = self.client.get(url, limit="harvest", interval=HARVEST_INTERVAL)
        except FetchError as exc:
            if exc.status == 400:
                said = _(
                    "the harvest API answers only from 03:00 to 23:45 Danish time, or for the "
                    "last {days} days ({detail})"
                ).format(days=HARVEST_DAYS, detail=exc.reason)
                raise FetchError(url, said, "closed") from None
            raise
        if is_html(body, kind):
            raise FetchError(url, _("the answer is not the JSON expected"), "html")
        data = _json(url, body)
        if not isinstance(data, list):
            raise FetchError(url, _("the answer is not the JSON expected"), "http")
        items = []
        for item in data:
            if not isinstance(item, dict) or not item.get("href"):
                continue
            kind_ = item.get("documentType")
            items.append(
                HarvestItem(
                    document_id=_text(item.get("documentId")),
                    accession=_text(item.get("accessionsnummer")),
                    reason=_text(item.get("reasonForChange")) or "",
                    changed=_text(item.get("changeDate")),
                    doc_type=(_text(kind_.get("shortName")) if isinstance(kind_, dict) else None)
                    or "",
                    href=str(item["href"]),
                )
            )
        return items


def _web_page() -> str:
    return _("Retsinformation answered with a web page, not a document: the address is unknown")


_DESIGNATION = re.compile(r"\b[A-ZÆØÅ]+ nr\.? (\d+) af \d{2}/\d{2}/(\d{4})")


def designation_parts(designation: str) -> tuple[int, int] | None:
    """(number, year) of a designation in Retsinformation's short form."""
    m = _DESIGNATION.search(designation)
    return (int(m.group(1)), int(m.group(2))) if m else None


def json_address(url: str) -> str:
    """The metadata's address beside an XML address: `…/2014/433/xml` → `…/2014/433.json`."""
    return re.sub(r"/xml/?$", "", url) + ".json"


def file_name(url: str) -> str:
    """The name a fetched document is stored under, as the corpus names its files:
    `…/eli/lta/2014/433/xml` → `2014-433.xml`, `…/eli/accn/A2014…29/xml` → `A2014…29.xml`."""
    m = re.search(r"/eli/lta/(\d{4})/(\d+)", url)
    if m:
        return f"{m.group(1)}-{m.group(2)}.xml"
    m = re.search(r"/eli/accn/([A-Za-z0-9]+)", url)
    if m:
        return f"{m.group(1)}.xml"
    tail = re.sub(r"[^A-Za-z0-9._-]+", "-", url.rstrip("/").rsplit("/", 2)[-2])
    return f"{tail or 'document'}.xml"


def _json(url: str, body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FetchError(url, _("the answer is not the JSON expected"), "http") from None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
