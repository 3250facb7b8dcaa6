"""The full-text index: documents → index → query → hits.

`documents` makes the store's provisions, practice and concepts into `Doc`s;
`backend` says what a search backend does (build, staleness, queries) and holds
the plain result types; `whoosh_backend` is the one backend (Danish analysis,
with `compound` splitting compound words); `query` reads a caseworker's plain
query and ranks it within a scope on the scope's own statistics; `search` is the
query service behind `kb search`, which speaks to the backend only through that
interface.
"""
