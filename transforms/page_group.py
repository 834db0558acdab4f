"""``page_group``: the language versions of one page share one id.

A page says which pages are its versions in two ways:

- hreflang alternates (``<link rel="alternate" hreflang="bg" href="…">``), which can join
  translated slugs (``/de/soziale-innovation`` and ``/en/social-innovation``);
- a language mark in its URL: ``/en/node/258`` and ``/ro/node/258`` (the first path segment),
  ``en.portal.eu`` (the first host label of a host with three or more), ``…/funding_en``
  (Europa's ``_xx`` suffix on the last segment) and ``?lang=en`` / ``?langId=en``. Each mark is
  replaced by a placeholder, so twins give the same *version key* without any hreflang.

Every version computes its group alone, without seeing the others, so the rule has to agree
across pages that list different alternates:

1. the page's versions are its own URL plus its trusted hreflang alternates, as version keys;
2. the anchor is the ``x-default`` alternate's key when the page has one (a site writes the
   same x-default on all versions), else the smallest key of the set;
3. the group id is a 16-hex-digit hash of the anchor.

This converges when all versions list each other (the hreflang rule), when all carry the same
x-default, when every list holds the smallest version, and always for path twins (one key).
It cannot join a version that names none of the others while its own key is not the anchor:
that needs a view over all pages (the linker's job). A page with no alternates and no language
mark gets no group here; the record builder gives it its own record_id.

Alternates are trusted only where they look like this page's versions: an alternate that
points at the site's home page from a deeper page is a language switcher's fall-back, not a
translation; and a list whose entry for the page's own language is some other URL describes
another page (a template or cache fault). Both are common on real portals, and a wrong group
would join pages that the linker must then keep together.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import pycountry

from transforms.identity import canonical_url

PLACEHOLDER = "{lang}"
LANGUAGE_CODES = frozenset(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)
# Country codes that portals put where a language code belongs (/cz/, /gr/, /dk/, /ua/),
# and the language each stands for (Montenegrin is ``sr`` here, as in transforms.language).
COUNTRY_AS_LANGUAGE = {
    "cz": "cs", "dk": "da", "gr": "el", "ua": "uk", "rs": "sr", "al": "sq", "me": "sr",
    "jp": "ja", "cn": "zh", "kr": "ko",
}  # fmt: skip
# en, en-gb, pt_BR, sr-latn, es-419.
LANGUAGE_TAG = re.compile(r"([a-z]{2})(?:[-_](?:[a-z]{2}|[a-z]{4}|\d{3}))?")
SUFFIX = re.compile(r"(.+)_([a-z]{2})", re.IGNORECASE)
LANGUAGE_PARAMS = frozenset({"lang", "language", "langid", "lng", "hl", "locale"})
# Characters a path keeps unescaped, so /bg/проекти and /bg/%D0%BF%D1%80… are one key.
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def language_code(tag: str, known: Iterable[str] = ()) -> str | None:
    """The primary language of a URL part or hreflang value (``en-GB`` -> ``en``), if it is
    one: an ISO 639-1 code, a country code used as one, or a language of the source."""
    match = LANGUAGE_TAG.fullmatch(tag.strip().lower())
    if not match:
        return None
    code = match.group(1)
    if code in LANGUAGE_CODES or code in {k.lower() for k in known}:
        return code
    return COUNTRY_AS_LANGUAGE.get(code)


def _host(netloc: str) -> str:
    host = netloc.lower().removeprefix("www.")
    name, _, port = host.partition(":")
    with contextlib.suppress(UnicodeError):  # a label idna cannot take stays as written
        name = name.encode("idna").decode("ascii")
    return f"{name}:{port}" if port and port not in {"80", "443"} else name


def _split(url: str, known: Sequence[str] = ()) -> tuple[str, str | None]:
    """``(version key, language marked in the URL)``: scheme-less, ``www.``-less canonical
    URL with its language marks replaced by the placeholder."""
    parts = urlsplit(canonical_url(url))
    mark: str | None = None
    labels = _host(parts.netloc).split(".")
    if len(labels) >= 3 and (code := language_code(labels[0], known)):
        labels[0], mark = PLACEHOLDER, code
    segments = quote(unquote(parts.path), safe=PATH_SAFE).split("/")
    if len(segments) > 1 and (code := language_code(segments[1], known)):
        segments[1], mark = PLACEHOLDER, mark or code
    suffix = SUFFIX.fullmatch(segments[-1])
    if len(segments) > 1 and suffix and (code := language_code(suffix.group(2), known)):
        segments[-1], mark = f"{suffix.group(1)}_{PLACEHOLDER}", mark or code
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in LANGUAGE_PARAMS and (code := language_code(value, known)):
            value, mark = PLACEHOLDER, mark or code
        query.append((key, value))
    key = urlunsplit(("", ".".join(labels), "/".join(segments), urlencode(query, safe="{}"), ""))
    return key.removeprefix("//"), mark


def version_key(url: str, known: Sequence[str] = ()) -> str:
    """The URL as its versions in other languages share it (see the module docstring)."""
    return _split(url, known)[0]


def _plain(url: str) -> str:
    """The URL compared as one page: scheme, ``www.``, escaping and trailing slash aside."""
    parts = urlsplit(canonical_url(url))
    path = quote(unquote(parts.path), safe=PATH_SAFE)
    return urlunsplit(("", _host(parts.netloc), path, parts.query, "")).removeprefix("//")


def _is_home(key: str) -> bool:
    path = key.partition("/")[2].partition("?")[0]
    return path in {"", PLACEHOLDER}


def _path_of(url: str) -> str:
    return _plain(url).partition("/")[2]


def versions(
    url: str,
    alternates: Iterable[tuple[str, str]],
    html_lang: str | None = None,
    known: Sequence[str] = (),
) -> tuple[set[str], str | None] | None:
    """``(version keys, x-default key)`` of the page, itself included; None when it names no
    versions and its URL has no language mark.

    ``alternates`` are ``(hreflang, absolute URL)`` pairs. The page's own URL joins the set
    unless an alternate already is the page, also under another host name (a portal served as
    www.mpsvr.sk and www.employment.gov.sk lists one of them in its hreflang).
    """
    own_key, own_mark = _split(url, known)
    own_lang = own_mark or (language_code(html_lang, known) if html_lang else None)
    own_plain, own_path = _plain(url), _path_of(url)
    trusted: list[tuple[str | None, str, bool]] = []  # (language, key, is this page)
    x_default: list[str] = []
    for tag, href in alternates:
        if not href.lower().startswith(("http://", "https://")):
            continue
        key = version_key(href, known)
        if _is_home(key) and not _is_home(own_key):
            continue  # a switcher's "no translation here: go home" link
        if tag.strip().lower() == "x-default":
            x_default.append(key)
            continue
        lang = language_code(tag, known)
        same_page = _plain(href) == own_plain or (
            own_lang is not None and lang == own_lang and _path_of(href) == own_path
        )
        trusted.append((lang, key, same_page))
    listed_self = any(same for _, _, same in trusted) or own_key in x_default
    if not listed_self and any(lang == own_lang for lang, _, _ in trusted if own_lang):
        trusted, x_default = [], []  # the list names another page for this page's language
    if not trusted and not x_default and own_mark is None:
        return None
    keys = {key for _, key, _ in trusted} | set(x_default)
    if not listed_self:
        keys.add(own_key)
    return keys, min(x_default) if x_default else None


def page_group(
    url: str,
    alternates: Iterable[tuple[str, str]],
    html_lang: str | None = None,
    known: Sequence[str] = (),
) -> str | None:
    """The page's group id, or None when it has no versions (the caller's fall-back)."""
    found = versions(url, alternates, html_lang, known)
    if found is None:
        return None
    keys, x_default = found
    anchor = x_default or min(keys)
    return hashlib.sha256(f"page_group\n{anchor}".encode()).hexdigest()[:16]
