"""The OpenAPI document of the HTTP API (`/api/openapi.json`): every endpoint, its
parameters, and the shapes of the citations contract and of an error."""

from __future__ import annotations

from typing import Any

from kb.codes import REASONS, STATUSES, WARNINGS
from kb.web.limits import Limits

_NULL_STR: dict[str, Any] = {"type": ["string", "null"]}
_NULL_INT: dict[str, Any] = {"type": ["integer", "null"]}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    },
    "Warning": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "enum": list(WARNINGS)},
            "message": {"type": "string"},
        },
    },
    "Target": {
        "type": "object",
        "required": [
            "law",
            "version",
            "eli",
            "paragraf",
            "stk",
            "nr",
            "litra",
            "pkt",
            "canonical",
            "status",
            "reason",
            "message",
            "warnings",
            "text",
        ],
        "properties": {
            "law": _NULL_STR,
            "version": _NULL_STR,
            "eli": _NULL_STR,
            "paragraf": _NULL_STR,
            "stk": _NULL_INT,
            "nr": _NULL_INT,
            "litra": _NULL_STR,
            "pkt": _NULL_INT,
            "canonical": {"type": "string"},
            "status": {"type": "string", "enum": list(STATUSES)},
            "reason": {"type": ["string", "null"], "enum": [*REASONS, None]},
            "message": _NULL_STR,
            "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Warning"}},
            "text": _NULL_STR,
            "candidates": {"type": "array", "items": {"type": "string"}},
            "practice": _NULL_STR,
        },
    },
    "Citation": {
        "type": "object",
        "required": ["text", "start", "end", "targets"],
        "properties": {
            "text": {"type": "string"},
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "kind": {"type": "string"},
            "targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}},
        },
    },
    "Citations": {
        "description": "spec/citations-json.md, schema 2",
        "type": "object",
        "required": ["schema", "as_of", "lang", "citations", "summary"],
        "properties": {
            "schema": {"type": "integer", "enum": [2]},
            "as_of": {"type": "string", "format": "date"},
            "lang": {"type": "string", "enum": ["da", "en"]},
            "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
            "references": {"type": "array", "items": {"type": "object"}},
            "summary": {
                "type": "object",
                "required": ["citations", "targets", "ok", "problems"],
                "properties": {
                    k: {"type": "integer"} for k in ("citations", "targets", "ok", "problems")
                },
            },
        },
    },
    "Refs": {
        "type": "object",
        "required": ["schema", "as_of", "lang", "unit", "version", "references"],
        "properties": {
            "schema": {"type": "integer"},
            "as_of": {"type": "string"},
            "lang": {"type": "string"},
            "unit": {"type": "string"},
            "version": _NULL_STR,
            "references": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["text", "start", "end", "kind", "targets"],
                    "properties": {
                        "text": {"type": "string"},
                        "start": {"type": "integer"},
                        "end": {"type": "integer"},
                        "kind": {"type": "string"},
                        "targets": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Target"},
                        },
                    },
                },
            },
            "incoming": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["canonical", "version", "text", "target", "law"],
                    "properties": {
                        "canonical": {"type": "string"},
                        "version": {"type": "string"},
                        "text": {"type": "string"},
                        "target": {"type": "string"},
                        "law": {"type": "string"},
                    },
                },
            },
        },
    },
    "Search": {
        "type": "object",
        "required": ["query", "as_of", "scope", "total", "hits"],
        "properties": {
            "query": {"type": "string"},
            "as_of": _NULL_STR,
            "scope": {"type": "string"},
            "total": {"type": "integer"},
            "hits": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["canonical", "law", "version", "score", "snippet", "kind"],
                    "properties": {
                        "canonical": {"type": "string"},
                        "law": _NULL_STR,
                        "version": _NULL_STR,
                        "score": {"type": "number"},
                        "snippet": {"type": "string"},
                        "kind": {"type": "string"},
                    },
                },
            },
        },
    },
    "Laws": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["key", "title", "versions"],
            "properties": {
                "key": {"type": "string"},
                "title": {"type": "string"},
                "versions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["designation", "in_force", "amending"],
                        "properties": {
                            "designation": {"type": "string"},
                            "in_force": {"type": "boolean"},
                            "amending": {"type": "boolean"},
                        },
                    },
                },
            },
        },
    },
    "Excerpt": {
        "type": "object",
        "required": ["schema", "as_of", "lang", "acts", "practice", "omitted", "notes"],
        "properties": {
            "schema": {"type": "string"},
            "as_of": {"type": "string"},
            "lang": {"type": "string"},
            "acts": {"type": "array", "items": {"type": "object"}},
            "practice": {"type": "array", "items": {"type": "object"}},
            "omitted": {"type": "array", "items": {"type": "object"}},
            "notes": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "generation"],
        "properties": {"status": {"type": "string"}, "generation": _NULL_STR},
    },
}


def _q(name: str, description: str, required: bool = False, kind: str = "string") -> Any:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": kind},
    }


_AS_OF = _q("as_of", "The day the law is read as of (YYYY-MM-DD); default today.")
_LAW = _q("law", "The act for citations that name none (e.g. forvaltningsloven).")
_LANG = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": "da (the default) or en: the language of every message.",
    "schema": {"type": "string"},
}


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): _ok("Error", "The request itself is wrong; the error says why.") for c in codes}


def document(limits: Limits) -> dict[str, Any]:
    letter_body = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "maxLength": limits.text_chars},
                        "as_of": _NULL_STR,
                        "law": _NULL_STR,
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "text": {"type": "string"},
                        "as_of": {"type": "string"},
                        "law": {"type": "string"},
                    },
                }
            },
            "text/plain": {"schema": {"type": "string"}},
        },
    }
    excerpt_formats = _q("format", "text, md, html, json (the default) or docx.")
    excerpt_formats["schema"]["enum"] = ["text", "md", "html", "json", "docx"]
    q_citation = _q("q", "One citation, e.g. forvaltningsloven § 24, stk. 2.", True)
    paths: dict[str, Any] = {
        "/healthz": {"get": {"summary": "Health", "responses": {"200": _ok("Health", "Up.")}}},
        "/api/resolve": {
            "get": {
                "summary": "Resolve one citation (kb resolve --json).",
                "parameters": [q_citation, _AS_OF, _LAW, _LANG],
                "responses": {"200": _ok("Citations", "The contract."), **_errors(400, 422)},
            }
        },
        "/api/show": {
            "get": {
                "summary": "One provision with the references in its text (kb show --json).",
                "parameters": [q_citation, _AS_OF, _LAW, _LANG],
                "responses": {"200": _ok("Citations", "The contract."), **_errors(400, 422)},
            }
        },
        "/api/check": {
            "post": {
                "summary": "Every citation in a letter (kb check --json).",
                "parameters": [_LANG],
                "requestBody": letter_body,
                "responses": {
                    "200": _ok("Citations", "The contract, whatever the statuses."),
                    **_errors(400, 408, 413, 415, 422, 503),
                },
            }
        },
        "/api/search": {
            "get": {
                "summary": "Provisions by words (kb search --json).",
                "parameters": [
                    _q("q", "Words or a Whoosh query.", True),
                    _AS_OF,
                    _q("law", "Only this act."),
                    _q("all_acts", "1: every act, not only the social-law acts.", kind="boolean"),
                    _q("all_versions", "1: every stored version.", kind="boolean"),
                    _q("limit", "At most this many hits (1-100, default 10).", kind="integer"),
                    _LANG,
                ],
                "responses": {"200": _ok("Search", "The hits."), **_errors(400, 422)},
            }
        },
        "/api/refs": {
            "get": {
                "summary": "The references inside one provision, and to it (kb refs --json).",
                "parameters": [
                    q_citation,
                    _AS_OF,
                    _LAW,
                    _q("incoming", "1: also the provisions referring to it.", kind="boolean"),
                    _LANG,
                ],
                "responses": {"200": _ok("Refs", "The references."), **_errors(400, 404, 422)},
            }
        },
        "/api/laws": {
            "get": {
                "summary": "Every act with its versions (kb laws --json).",
                "parameters": [_AS_OF, _LANG],
                "responses": {"200": _ok("Laws", "The acts.")},
            }
        },
        "/api/excerpt": {
            "get": {
                "summary": "A citation quoted word for word (kb excerpt).",
                "parameters": [q_citation, _AS_OF, _LAW, excerpt_formats, _LANG],
                "responses": {
                    "200": _ok("Excerpt", "The lovuddrag (as JSON; other formats as files)."),
                    **_errors(400, 404, 422),
                },
            },
            "post": {
                "summary": "Every citation of a letter quoted (kb excerpt --from-letter).",
                "parameters": [excerpt_formats, _LANG],
                "requestBody": letter_body,
                "responses": {
                    "200": _ok("Excerpt", "The lovuddrag (as JSON; other formats as files)."),
                    **_errors(400, 404, 413, 415, 422),
                },
            },
        },
        "/api/openapi.json": {
            "get": {"summary": "This document.", "responses": {"200": {"description": "OpenAPI"}}}
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lovkb",
            "version": "2",
            "description": (
                "Danish social-law citations, resolved and checked. Limits: a request body "
                f"of at most {limits.body_bytes} bytes, a letter of at most "
                f"{limits.text_chars} characters, {limits.seconds:g} s a request. Errors: "
                '{"error": {"code", "message"}}.'
            ),
        },
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
