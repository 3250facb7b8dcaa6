"""Ingest: reading sources into the store.

`lexdania` parses Retsinformation's LexDania XML into a tree, `load` writes trees and the TOML
tables (practice, concepts, counterparts) to the store, `setup` prepares a store on first use, and
`imports` runs a whole import (files, store, search index) the way `kb import` does.
"""
