"""The store's reference graph: every reference in every stored provision, resolved.

A later stage than the resolver: each § of each stored version is laid out as
printed (`layout`), read by a statute's rules with the citation engine
(`kb.resolver.pipeline.Checker` with `statute=True`) as of the version's first
day, and each target it finds is stored (`build`) — in the `refs` table, beside
the units it stands in. `read` answers from it: the references inside a unit and,
the other way, every provision that refers to one ("henvisninger hertil").

The graph is derived: like the search index it is read again for what an import
changes, and never counts as a change of the store.
"""
