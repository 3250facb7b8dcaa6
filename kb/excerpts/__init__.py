"""Quoted excerpts for attachment (lovuddrag): select, then render.

`select.build` turns resolved citations into an `Excerpt` (model.py): per
act version, the cited units in the act's own order with the labels and
headings a reader needs, and markers where text is left out. `render` writes
it as text, Markdown, HTML or JSON; `word` writes a .docx.
"""
