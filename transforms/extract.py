"""Main text out of a portal page: title, body paragraphs, declared language, date text.

Pure: takes the decoded HTML and the source's selectors, returns plain text. Navigation,
menus, cookie banners and footers are removed before any generic rule looks at the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsel import Selector

# Elements that are never part of a record's text on any portal.
BOILERPLATE = (
    "script, style, noscript, template, nav, header, footer, aside, form, button, "
    "[role=dialog], [class*=cookie], [id*=cookie], .skip, .skip-link, .ecl-skip-link, "
    "[class*=breadcrumb], [id*=breadcrumb], [class*=menu], [id*=menu], [class*=sidebar], "
    "[id*=sidebar], [class*=footer], [id*=footer], [class*=widget], [class*=partner], "
    "[class*=share], [class*=top-bar], [class*=lang-switch]"
)
BLOCK_TAGS = (
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "blockquote",
    "td",
    "th",
    "dt",
    "dd",
    "pre",
)
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ExtractedPage:
    title: str
    body: str
    html_lang: str | None
    date_text: str | None


def _text(node: Selector) -> str:
    return SPACE.sub(" ", " ".join(node.xpath(".//text()").getall())).strip()


def _drop(root: Selector, css: str) -> None:
    for node in root.css(css):
        node.drop()


def _paragraphs(root: Selector) -> list[str]:
    """One line per outermost block element, so a <p> inside an <li> is not counted twice."""
    inside_block = "ancestor::*[" + " or ".join(f"self::{tag}" for tag in BLOCK_TAGS) + "]"
    lines = [_text(node) for node in root.css(",".join(BLOCK_TAGS)) if not node.xpath(inside_block)]
    lines = [line for line in lines if line]
    if not lines:
        # A page that keeps its text in bare <div>s still yields its text.
        text = _text(root)
        lines = [text] if text else []
    return lines


def extract_page(
    html: str,
    title_css: str | None = None,
    body_css: str | None = None,
    date_css: str | None = None,
    drop_css: tuple[str, ...] = (),
) -> ExtractedPage:
    root = Selector(text=html)
    html_lang = root.xpath("/html/@lang").get()
    html_lang = html_lang.split("-")[0].strip().lower() if html_lang else None
    date_text = None
    if date_css:
        date_text = SPACE.sub(" ", " ".join(root.css(date_css).getall()))
        date_text = Selector(text=date_text).xpath("string()").get("").strip() or None

    title_node = root.css(title_css)[:1] if title_css else []
    title = _text(title_node[0]) if title_node else ""
    if not title:
        title = _text(root.css("h1")[0]) if root.css("h1") else ""
    if not title:
        title = SPACE.sub(" ", root.xpath("string(//title)").get("")).strip()

    bodies = root.css(body_css) if body_css else []
    if bodies:
        body_root = bodies[0]
    else:
        _drop(root, BOILERPLATE)
        main = root.css("main, article, [role=main], #content")
        body_root = main[0] if main else root.css("body")[0] if root.css("body") else root
    for css in drop_css:
        _drop(body_root, css)
    lines = _paragraphs(body_root)
    # The title usually opens the main block as well; keep it once, as the title.
    if lines and title and lines[0] == title:
        lines = lines[1:]
    return ExtractedPage(
        title=title, body="\n".join(lines), html_lang=html_lang, date_text=date_text
    )
