"""The operator's Markdown: structure yes, raw HTML, scripts, foreign schemes and template syntax never."""

import re
from html import unescape

import pytest

from zwk_network.legal.markdown import is_allowed_link, render_markdown


def test_structure_is_kept_and_a_level_one_heading_becomes_level_two():
    html = render_markdown("# Titel\n\n## Abschnitt\n\n- eins\n- **zwei**\n\nLandkreis\nSozialamt")
    assert "<h2>Titel</h2>" in html and "<h1>" not in html and "<h2>Abschnitt</h2>" in html
    assert "<li><strong>zwei</strong></li>" in html
    assert "Landkreis<br />\nSozialamt" in html  # an address keeps its lines


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_is_shown_as_text(hostile):
    html = str(render_markdown(f"Vorher {hostile} nachher"))
    assert re.findall(r"<(\w+)", html) == ["p"]  # no element but the paragraph
    assert f"Vorher {hostile} nachher" in unescape(re.sub(r"<[^>]*>", "", html))  # shown as typed


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](%6Aavascript:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](file:///etc/passwd)",
        "[x](//evil.example/pfad)",
        "<javascript:alert(1)>",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_links_to_other_schemes_are_not_links(link):
    html = render_markdown(link)
    assert "<a " not in html, html


def test_allowed_links_and_no_images():
    html = render_markdown(
        "[a](https://example.org/x) [b](mailto:info@example.org) [c](/impressum) "
        "[d](http://example.org) ![Bild](https://tracker.example/pixel.png)"
    )
    for href in ("https://example.org/x", "mailto:info@example.org", "/impressum", "http://example.org"):
        assert f'<a href="{href}">' in html
    assert "<img" not in html  # an image would be a request to another host


def test_template_syntax_stays_text():
    text = r"zq {{ 7\*7 }} {% raw %} {# ${7\*7} <%= 7\*7 %> {{ config }}"
    html = render_markdown(text)
    assert "zq {{ 7*7 }} {% raw %} {# ${7*7} &lt;%= 7*7 %&gt; {{ config }}" in html
    assert "49" not in html


def test_is_allowed_link():
    assert is_allowed_link("https://a.de") and is_allowed_link("mailto:a@b.de") and is_allowed_link("/x")
    assert is_allowed_link("seite#anker") and is_allowed_link("#anker")
    assert (
        not is_allowed_link("javascript:x")
        and not is_allowed_link("//a.de")
        and not is_allowed_link("ftp://a")
    )
    assert not is_allowed_link("http://[::1")  # unparsable
