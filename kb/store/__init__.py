"""The store: the schema (`schema`), the engine and its migrations (`engine`), the fast read
model every later stage queries (`read`), and whole-store export and restore (`export`).

Nothing here reads a source file or a citation: the store only keeps what `kb.ingest` writes.
"""
