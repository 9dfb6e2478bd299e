"""The reload channel: Server-Sent Events, the script that listens to them, the overlay.

Every HTML response gets a small script before ``</body>`` (only while serving: the
built files never contain it). The script opens ``/__sitegen/events``; the server sends
the current state at once and then one event per finished build. A page from an older
good build reloads (or, with ``--follow``, goes to the post just edited); a failed build
shows its errors in a fixed panel over the last good page, which goes away by itself when
a build succeeds. Problem lines are inserted as text, never as HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from sitegen.server.state import SiteState, Snapshot

EVENTS_PATH = "/__sitegen/events"
PING_SECONDS = 15.0
OVERLAY_ID = "sitegen-overlay"
OVERLAY_LINES = 30
"""Problem lines the overlay lists; the terminal shows every one."""
OVERLAY_STYLE = (
    "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:50vh;"
    "overflow:auto;margin:0;padding:1em 1.25em;background:#7f1d1d;color:#fff;"
    "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "box-shadow:0 -4px 16px rgba(0,0,0,.4);text-align:left;direction:ltr"
)
_SCRIPT = """<script>
(() => {
  const config = %(config)s;
  const show = (lines) => {
    document.getElementById(config.overlayId)?.remove();
    if (!lines.length) return;
    const overlay = document.createElement("div");
    overlay.id = config.overlayId;
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = config.overlayStyle;
    const title = document.createElement("strong");
    const count = lines.length === 1 ? "1 error" : lines.length + " errors";
    const shown = config.site ? " (this page is from the last good build)" : "";
    title.textContent = "Build failed: " + count + shown;
    const list = document.createElement("pre");
    list.style.cssText = "margin:.5em 0 0;white-space:pre-wrap;font:inherit";
    const more = lines.length - config.overlayLines;
    list.textContent = lines.slice(0, config.overlayLines).join("\\n")
      + (more > 0 ? "\\n… and " + more + " more (the terminal lists them all)" : "");
    overlay.append(title, list);
    document.body.appendChild(overlay);
  };
  const events = new EventSource(config.events);
  events.addEventListener("build", (message) => {
    const state = JSON.parse(message.data);
    if (state.instance === config.instance && state.site <= config.site) {
      show(state.problems);
      return;
    }
    events.close();
    const target = state.follow ? new URL(state.follow, location.href) : null;
    if (target && state.instance === config.instance && target.pathname !== location.pathname) {
      location.assign(target.href);
    } else {
      location.reload();
    }
  });
})();
</script>
"""


def script(snapshot: Snapshot, instance: str) -> str:
    """The ``<script>`` element for a page served from `snapshot`."""
    config = {"instance": instance, "site": snapshot.site_version, "events": EVENTS_PATH,
              "overlayId": OVERLAY_ID, "overlayStyle": OVERLAY_STYLE,
              "overlayLines": OVERLAY_LINES}
    return _SCRIPT % {"config": _script_json(config)}


def _script_json(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def inject(page: bytes, snippet: str) -> bytes:
    """`page` with `snippet` before its last ``</body>`` (or at the end)."""
    data = snippet.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + data if at < 0 else page[:at] + data + page[at:]


def no_site_page(snapshot: Snapshot, instance: str) -> bytes:
    """What every URL shows until a first build succeeds: its errors, or a wait notice."""
    title = "Build failed" if snapshot.failed else "Building the site…"
    lines = "\n".join(html.escape(line) for line in snapshot.problems)
    body = (f'<div id="{OVERLAY_ID}" role="alert" style="{OVERLAY_STYLE}">'
            f"<strong>{title}</strong><pre>{lines}</pre></div>") if snapshot.failed else ""
    page = (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f"<title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n"
            "<p>This page reloads by itself once the site builds.</p>\n"
            f"{body}\n</body>\n</html>\n")
    return inject(page.encode("utf-8"), script(snapshot, instance))


def message(snapshot: Snapshot, instance: str) -> bytes:
    """One Server-Sent Event describing a finished build."""
    data = {"instance": instance, "site": snapshot.site_version, "version": snapshot.version,
            "problems": list(snapshot.problems), "follow": snapshot.follow}
    return (f"id: {instance}.{snapshot.version}\nevent: build\n"
            f"data: {json.dumps(data)}\n\n").encode()


def resume_from(last_event_id: str | None, instance: str) -> int:
    """The build count a reconnecting browser has seen (-1: send the state at once)."""
    seen, _, version = (last_event_id or "").partition(".")
    return int(version) if seen == instance and version.isdigit() else -1


def stream(state: SiteState, last_event_id: str | None, write: Callable[[bytes], None],
           ping: float = PING_SECONDS) -> None:
    """Send build events until the server closes or the browser goes away (write fails)."""
    since = resume_from(last_event_id, state.instance)
    write(b"retry: 1000\n\n")
    while not state.closed:
        snapshot = state.wait_for_build(since, ping)
        if snapshot is None:
            write(b": ping\n\n")
            continue
        write(message(snapshot, state.instance))
        since = snapshot.version
