"""A document as HTML to read in the page: mammoth converts, nh3 keeps only formatting, tables, lists and safe links.

Pictures stay only as inline PNG, JPEG or GIF data; no scripts, styles, event attributes or remote sources
survive, and links go only to http, https or mailto.
"""

import io

import mammoth
import nh3

from .errors import FileRejected

TAGS = {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span",
        "blockquote", "pre", "code", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "colgroup", "col", "a", "img", "hr"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "td": {"colspan", "rowspan"},
              "th": {"colspan", "rowspan"}, "ol": {"start"}}
LINK_SCHEMES = ("http:", "https:", "mailto:")
IMAGE_DATA = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,")


def to_html(*, data):
    """The .docx as sanitised HTML; FileRejected when it is not a readable Word document."""
    try:
        result = mammoth.convert_to_html(io.BytesIO(data))
    except Exception as error:  # mammoth raises zip, XML and key errors on damaged files
        raise FileRejected(f"the document cannot be shown: it is not a readable Word document ({error})") from None
    return sanitise(result.value)


def sanitise(markup):
    """HTML reduced to formatting, tables, lists, safe links and inline pictures."""
    return nh3.clean(markup, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto", "data"},
                     attribute_filter=_attribute, link_rel="noopener noreferrer nofollow", strip_comments=True)


def _attribute(tag, name, value):
    """Links only to the web or e-mail, pictures only from inline data: nothing is fetched from elsewhere."""
    lowered = value.strip().lower()
    if name == "href":
        return value if lowered.startswith(LINK_SCHEMES) else None
    if name == "src":
        return value if lowered.startswith(IMAGE_DATA) else None
    return value
