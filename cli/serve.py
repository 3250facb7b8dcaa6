"""`kb serve`: the web pages and the HTTP API (kb.web), served by uvicorn.

The web modules are imported inside the command: no other command pays for them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kb.i18n import _

from .app import app


@app.command(
    help=_(
        "Serve the web pages and the HTTP API (read-only). Binds 127.0.0.1 unless told "
        "otherwise; one worker process per core is the documented deployment."
    )
)
def serve(
    host: Annotated[str, typer.Option("--host", help=_("The address to listen on."))] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help=_("The port to listen on."))] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help=_("Worker processes (one per core).")),
    ] = 1,
) -> None:
    """Serve the web pages and the HTTP API (read-only)."""
    import uvicorn

    from kb.web.app import prepare

    # Once, here, before the workers start: each worker's own startup then finds the
    # graph and the index current, and no two processes write them at once.
    prepare(None)
    typer.echo(
        _("kb: serving on http://{host}:{port}/ (Ctrl-C stops)").format(host=host, port=port),
        err=True,
    )
    uvicorn.run(
        "kb.web.app:from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        timeout_keep_alive=5,
        # a slow client cannot hold a worker: headers within the keep-alive timeout,
        # and at most this many requests in flight a worker
        limit_concurrency=256,
    )
