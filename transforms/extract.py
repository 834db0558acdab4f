"""Main text out of a portal page: title, body paragraphs, declared language, date text.

Pure: takes the decoded HTML and the source's selectors, returns plain text. Navigation,
menus, cookie banners and footers are removed before any generic rule looks at the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from parsel import Selector, SelectorList

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
    organisations: tuple[str, ...] = ()
    # Which rule produced the body: "selector", "trafilatura" or "rules" (field provenance).
    body_method: str = "selector"
    # The page's language versions as it declares them: (hreflang, absolute URL), in order.
    alternates: tuple[tuple[str, str], ...] = ()


def select(root: Selector, expression: str) -> SelectorList[Selector]:
    """CSS, or XPath when the expression starts like one (sources may use either)."""
    if expression.lstrip().startswith(("/", "(", "./")):
        return root.xpath(expression)
    return root.css(expression)


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


def _generic_body(root: Selector, html: str) -> tuple[list[str], str]:
    """Main text of a page with no body selector: trafilatura, else the boilerplate rules."""
    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_precision=True, deduplicate=False
    )
    if text and text.strip():
        return [SPACE.sub(" ", line).strip() for line in text.splitlines() if line.strip()], (
            "trafilatura"
        )
    _drop(root, BOILERPLATE)
    main = root.css("main, article, [role=main], #content")
    body_root = main[0] if main else root.css("body")[0] if root.css("body") else root
    return _paragraphs(body_root), "rules"


def hreflang_alternates(root: Selector, page_url: str | None) -> tuple[tuple[str, str], ...]:
    """``<link rel="alternate" hreflang>`` (and ``<a>`` with both), resolved against the
    page's ``<base href>`` or URL. Without a page URL only absolute links are kept."""
    base = page_url or ""
    if declared := root.xpath("//base/@href").get():
        base = urljoin(base, declared.strip())
    found: dict[tuple[str, str], None] = {}
    for node in root.xpath("//link[@hreflang] | //a[@hreflang]"):
        if "alternate" not in node.xpath("@rel").get("").lower().split():
            continue
        tag, href = node.xpath("@hreflang").get("").strip(), node.xpath("@href").get("").strip()
        url = urljoin(base, href) if href else ""
        if tag and url.lower().startswith(("http://", "https://")):
            found[(tag.lower(), url.split("#")[0])] = None
    return tuple(found)


def extract_page(
    html: str,
    title_css: str | None = None,
    body_css: str | None = None,
    date_css: str | None = None,
    drop_css: tuple[str, ...] = (),
    organisations_css: str | None = None,
    page_url: str | None = None,
) -> ExtractedPage:
    root = Selector(text=html)
    # Read before any selector drops nodes; hreflang links may sit in a dropped <header>.
    alternates = hreflang_alternates(root, page_url)
    html_lang = root.xpath("/html/@lang").get()
    html_lang = html_lang.split("-")[0].strip().lower() if html_lang else None
    date_text = None
    if date_css:
        date_text = SPACE.sub(" ", " ".join(select(root, date_css).getall()))
        date_text = Selector(text=date_text).xpath("string()").get("").strip() or None
    organisations: tuple[str, ...] = ()
    if organisations_css:
        names = (_text(node) for node in select(root, organisations_css))
        organisations = tuple(dict.fromkeys(name for name in names if name))

    title_nodes = select(root, title_css) if title_css else []
    title = _text(title_nodes[0]) if title_nodes else ""
    if not title and root.css("h1"):
        title = _text(root.css("h1")[0])
    if not title:
        title = SPACE.sub(" ", root.xpath("string(//title)").get("")).strip()

    bodies = select(root, body_css) if body_css else []
    if bodies:
        for css in drop_css:
            _drop(bodies[0], css)
        lines, method = _paragraphs(bodies[0]), "selector"
    else:
        lines, method = _generic_body(root, html)
    # The title usually opens the main block as well; keep it once, as the title.
    if lines and title and lines[0] == title:
        lines = lines[1:]
    return ExtractedPage(
        title=title,
        body="\n".join(lines),
        html_lang=html_lang,
        date_text=date_text,
        organisations=organisations,
        body_method=method,
        alternates=alternates,
    )
