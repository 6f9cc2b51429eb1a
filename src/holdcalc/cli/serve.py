"""`holdcalc serve`: the web page, on this machine, for people who do not use a terminal."""

from __future__ import annotations

import logging
import threading
import webbrowser

import click

from holdcalc.cli import Interrupted, main
from holdcalc.core.errors import InputError
from holdcalc.core.extras import extra

MISSING = "the web page needs the web extra: pip install 'holdcalc[web]'"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
EVERY_ADDRESS = {"0.0.0.0", "::", ""}


def _names_for(host: str) -> frozenset[str] | None:
    """The Host names the page answers to: this machine's loopback names, and the
    address it was started on; any name when it listens on every address (a choice
    the warning below already names)."""
    if host in EVERY_ADDRESS:
        return None
    return frozenset() if host in LOOPBACK else frozenset({host.strip("[]").lower()})


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (other than this machine: a warning).")  # fmt: skip
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@click.option("--max-upload", type=click.IntRange(1, 2048), default=50, show_default=True,
              metavar="MB", help="The largest roster file accepted, in megabytes.")  # fmt: skip
def serve(port: int, host: str, open_browser: bool, max_upload: int) -> None:
    """Start the web page on this machine: one case, a roster, letters and reports.

    The page does what expire, letter and check do, with the same engine. It listens
    on 127.0.0.1 only (this machine) unless --host says otherwise; rosters hold
    personal data, so think before serving them to a network. Nothing entered is
    logged or kept: the files to download travel inside the page. Ctrl-C stops it.

    Exit status: 0 stopped (Ctrl-C, SIGTERM or SIGHUP); 2 usage error; 3 the web
    extra is missing or the port cannot be used.

    Example:

        holdcalc serve --open
    """
    waitress = extra("waitress", MISSING)
    extra("flask", MISSING)
    from holdcalc.web.app import WebSettings, create_app  # noqa: PLC0415  (Flask: slow)

    if host not in LOOPBACK:
        click.echo(
            f"holdcalc: warning: serving on {host}: anyone who can reach this address can "
            "use the page, and rosters hold personal data",
            err=True,
        )
    logging.basicConfig(level=logging.INFO, format="holdcalc: %(message)s")
    logging.getLogger("waitress").setLevel(logging.WARNING)
    app = create_app(WebSettings(max_upload_mb=max_upload, hosts=_names_for(host)))
    try:
        body = (max_upload + 1) * 1024 * 1024
        server = waitress.create_server(
            app, host=host, port=port, threads=4, max_request_body_size=body
        )
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}; try --port 0") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    try:  # a stop may come as soon as the address is shown: it is inside the try
        click.echo(f"holdcalc: serving on {url} (Ctrl-C to stop)", err=True)
        if open_browser:
            threading.Timer(0.5, webbrowser.open, (url,)).start()
        server.run()
    except (KeyboardInterrupt, Interrupted):  # Ctrl-C, or SIGTERM/SIGHUP: a server's stop
        click.echo("holdcalc: stopped", err=True)
