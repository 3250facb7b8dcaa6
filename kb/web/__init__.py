"""`kb serve`: the web pages for caseworkers and the HTTP API for letter tools.

A Starlette application over `kb.api`, with one long-lived reader per process
(`kb.open_store()` at startup, passed as `reader=`). Read-only: nothing is imported
or written over HTTP. Imported only by `kb serve`, never by the rest of the CLI.
"""
