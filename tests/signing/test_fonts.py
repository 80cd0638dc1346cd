"""The page's font: found where distributions install it, cut down and given TrueType outlines."""

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from service.signing import fonts
from service.signing.errors import FontMissing

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_subset_has_truetype_outlines_for_exactly_the_text():
    font = TTFont(io.BytesIO(fonts.subset_truetype(path=fonts.find_font(), text="签署页 Ab")))
    assert "glyf" in font and "CFF " not in font
    assert set(font.getBestCmap()) == {ord(c) for c in "签署页 Ab"}
    assert "SC" in font["name"].getDebugName(1)  # the Simplified Chinese face of the collection


def test_a_font_without_chinese_glyphs_is_refused():
    if not Path(DEJAVU).is_file():
        pytest.skip("DejaVu Sans is not installed")
    with pytest.raises(FontMissing, match="has no Chinese glyphs"):
        fonts.subset_truetype(path=DEJAVU, text="abc")


def test_no_installed_font_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "CANDIDATES", (str(tmp_path / "none.ttc"),))
    with pytest.raises(FontMissing, match="install fonts-noto-cjk .* or set SIGNING_FONT_PATH"):
        fonts.find_font()
