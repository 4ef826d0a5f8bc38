"""XSS payloads and a constructed questions document that carries them.

The document is constructed (not a real publication): the opening sentence and layout follow the seed
document kv-tk-2024Z01911 (https://zoek.officielebekendmakingen.nl/kv-tk-2024Z01911.html); every
question text and footnote holds script or HTML payloads. Each payload, if it ever ran, would set
``window.__xss`` or open a dialog.
"""

from __future__ import annotations

XSS_ZAAK = "2024Z99901"
MARK = "window.__xss=1"

PAYLOADS: list[str] = [
    f"<script>{MARK}</script>",
    f"<SCRIPT>{MARK}</SCRIPT>",
    f"<script src=\"data:text/javascript,{MARK}\"></script>",
    f"<img src=x onerror=\"{MARK}\">",
    f"<img src=x onerror={MARK}>",
    f"<IMG SRC=x OnErRoR={MARK}>",
    f"<svg onload={MARK}>",
    f"<svg><script>{MARK}</script></svg>",
    f"<body onload={MARK}>",
    f"<iframe src=\"javascript:{MARK}\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    f"<a href=\"javascript:{MARK}\">klik</a>",
    f"<details open ontoggle={MARK}>",
    f"<input autofocus onfocus={MARK}>",
    f"<select autofocus onfocus={MARK}></select>",
    f"<textarea autofocus onfocus={MARK}></textarea>",
    f"<video><source onerror={MARK}></video>",
    f"<audio src=x onerror={MARK}>",
    f"<object data=\"javascript:{MARK}\"></object>",
    f"<embed src=\"javascript:{MARK}\">",
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}>",
    f"\"><script>{MARK}</script>",
    f"'><script>{MARK}</script>",
    f"</textarea><script>{MARK}</script>",
    f"</title><script>{MARK}</script>",
    f"</pre><script>{MARK}</script>",
    f"</td></tr></table><script>{MARK}</script>",
    f"<!--<script>--><script>{MARK}</script>",
    f"<style>@import 'javascript:{MARK}';</style>",
    f"<div style=\"background:url(javascript:{MARK})\">x</div>",
    f"<marquee onstart={MARK}>x</marquee>",
    f"<form><button formaction=\"javascript:{MARK}\">x</button></form>",
    f"<isindex type=image src=1 onerror={MARK}>",
    f"<base href=\"javascript:{MARK}//\">",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{MARK}\">",
    f"<link rel=stylesheet href=\"javascript:{MARK}\">",
    f"<table background=\"javascript:{MARK}\">",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    f"<scr<script>ipt>{MARK}</scr</script>ipt>",
    f"<<script>{MARK};//<</script>",
    f"<img \"\"\"><script>{MARK}</script>\">",
    f"<noscript><p title=\"</noscript><img src=x onerror={MARK}>\">",
    f"<template><script>{MARK}</script></template><script>{MARK}</script>",
    f"javascript:{MARK}",
    f"data:text/html,<script>{MARK}</script>",
    f"&lt;script&gt;{MARK}&lt;/script&gt;",
    f"&#60;script&#62;{MARK}&#60;/script&#62;",
    f"\\u003cscript\\u003e{MARK}\\u003c/script\\u003e",
    f"<x onmouseover={MARK} style=display:block;position:fixed;inset:0>x</x>",
    f"<a href=# onclick={MARK}>x</a>",
    f"<img src=\"https://example.invalid/x.png\" onload={MARK}>",
    "<object type=text/html data=\"data:text/html,<script>parent.__xss=1</script>\"></object>",
    f"{{{{7*7}}}} {{% print(7*7) %}} ${{7*7}} <script>{MARK}</script>",
]


def document_text() -> str:
    """A questions document in the seed's markdown layout whose every question carries payloads."""
    lines = ["", "", f"## {XSS_ZAAK}", "",
             "Vragen van het lid **Testlid** (VVD) aan de Minister van Binnenlandse Zaken en Koninkrijksrelaties "
             f"over *het bericht «Onveilige websites {PAYLOADS[0]}»* (ingezonden 7 februari 2024).", ""]
    for i, payload in enumerate(PAYLOADS, start=1):
        lines += [f"Vraag {i}", "", f"Hoe beoordeelt u de onveilige website met de tekst {payload} en wat doet u eraan?"
                  + ("<sup>1</sup>" if i == 1 else ""), ""]
    lines += [f"<sup>1</sup> Onveilige website https://example.org/{PAYLOADS[3]} en javascript:{MARK}", ""]
    return "\n".join(lines)


OPENING_ZAAK = "2024Z99903"


def opening_document_text() -> str:
    """A constructed questions document with payloads in the opening sentence: the askers' names, their
    party and the subject (the parser drops tags there, so they come as entities and fragments)."""
    return "\n".join([
        "", "", f"## {OPENING_ZAAK}", "",
        "Vragen van het lid Jansen&lt;img src=x onerror=window.__xss=1&gt; (VVD&lt;script&gt;window.__xss=1"
        "&lt;/script&gt;) aan de Minister van Financiën over het bericht «Nieuws &lt;b onmouseover=window.__xss=1"
        "&gt; \"><svg onload=window.__xss=1>» (ingezonden 7 februari 2024).", "",
        "Vraag 1", "", "Is dit een vraag met <a href=\"javascript:window.__xss=1\">een link</a>?", ""])
