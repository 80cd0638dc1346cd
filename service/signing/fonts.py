"""The font of the signature page: one with Chinese glyphs, cut down to the text and given TrueType outlines.

Noto Sans CJK has CFF outlines. Embedded as they are, a PDF needs its own CMap for them, which PDF
readers show but text extractors such as pypdf and pdfminer do not read; with TrueType outlines the
page uses the Identity-H encoding, which every tool reads. The subset keeps the page small.
"""

import io
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, TTLibError, newTable

from .errors import FontMissing

# Where distributions put a font with Simplified Chinese glyphs; the first that exists is used.
CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch: noto-fonts-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora: google-noto-sans-cjk-ttc-fonts
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian: fonts-wqy-microhei
)
_PROBE = "签"  # a face that has this glyph can write the page in Chinese
_MAX_ERROR = 1.0  # font units allowed between a cubic curve and its quadratic replacement


def find_font(*, path=None):
    """The font file to use: `path` (SIGNING_FONT_PATH) when given, else the first of CANDIDATES installed."""
    if path:
        if not Path(path).is_file():
            raise FontMissing(f"The font {path} (SIGNING_FONT_PATH) does not exist: check the path")
        return Path(path)
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("No font with Chinese glyphs is installed for the signature page: install fonts-noto-cjk "
                      "(apt-get install fonts-noto-cjk) or set SIGNING_FONT_PATH to a .ttf, .otf or .ttc font")


def subset_truetype(*, path, text):
    """A small TrueType font (bytes) with the glyphs of `text`, taken from the font file at `path`."""
    font = TTFont(str(path), fontNumber=_face(str(path)), lazy=True)
    options = subset.Options()
    options.layout_features = []  # the page is written without shaping: no kerning, no ligatures
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        _to_quadratic(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=8)
def _face(path):
    """Which face of a collection to use: the Simplified Chinese one when there is one."""
    if not path.lower().endswith((".ttc", ".otc")):
        _require_chinese(TTFont(path, lazy=True), path)
        return 0
    try:
        faces = TTCollection(path, lazy=True).fonts
    except TTLibError as error:
        raise FontMissing(f"Cannot read the font collection {path}: {error}") from None
    simplified_first = sorted(range(len(faces)), key=lambda i: " SC" not in (faces[i]["name"].getDebugName(1) or ""))
    for i in simplified_first:
        if ord(_PROBE) in (faces[i].getBestCmap() or {}):
            return i
    raise FontMissing(f"The font {path} has no Chinese glyphs: set SIGNING_FONT_PATH to one that has")


def _require_chinese(font, path):
    if ord(_PROBE) not in (font.getBestCmap() or {}):
        raise FontMissing(f"The font {path} has no Chinese glyphs: set SIGNING_FONT_PATH to one that has")


def _to_quadratic(font):
    """Replace CFF outlines with TrueType ones (after fontTools' otf2ttf snippet)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, _MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            font["hmtx"][name] = (font["hmtx"][name][0], glyph.xMin)
    font["maxp"] = _maxp(font)
    font["post"].formatType = 3.0  # no glyph names: PDF readers map text through ToUnicode
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _maxp(font):
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attribute in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attribute, 0)
    maxp.compile(font)
    return maxp
