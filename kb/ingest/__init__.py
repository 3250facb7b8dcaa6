"""Ingest: reading sources into the store.

`lexdania` parses Retsinformation's LexDania XML into the tree of `document`; `load` writes
statute trees to the store and `tables` the TOML tables (practice, concepts, counterparts);
`setup` prepares a store on first use. A whole import (files, store, then the search index)
is `kb.api.import_sources`, the way `kb import` runs it.
"""
