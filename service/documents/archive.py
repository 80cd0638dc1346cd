"""Office files are zip archives: judge one from its zip directory before reading any member.

Sizes come from the central directory. zipfile never returns more bytes than a member's declared size (a lying
header ends in a CRC error), so checking the declared sizes bounds what is ever decompressed.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from .errors import FileRejected, FileTooLarge

MiB = 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
MAIN_TYPES = {  # content type of the main part: what the file is
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
MACRO_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "a macro-enabled Word document (.docm)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "a macro-enabled Word template (.dotm)",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "a macro-enabled workbook (.xlsm)",
    "application/vnd.ms-office.vbaProject": "a file with a macro project (vbaProject)",
}
OTHER_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "a Word template (.dotx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "a presentation (.pptx)",
}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Limits:
    """How large an upload may be and how far its archive may expand."""

    max_size: int = 10 * MiB  # the upload itself
    max_total: int = 50 * MiB  # all members uncompressed
    max_ratio: int = 100  # uncompressed : compressed, per member
    ratio_floor: int = 64 * 1024  # members smaller than this expand harmlessly whatever their ratio
    max_members: int = 1000


def check_size(data, *, limits, what):
    """FileTooLarge when the upload is over the limit."""
    if len(data) > limits.max_size:
        raise FileTooLarge(f"{what} is {len(data) / MiB:.1f} MB; the limit is {limits.max_size / MiB:.0f} MB")


def open_office_file(*, data, limits, what="the file"):
    """The archive and the kind of Office file it is ('docx' or 'xlsx'); refuses anything else, macros and bombs."""
    check_size(data, limits=limits, what=what)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRejected(f"{what} is not a Word document (.docx): not a zip archive, or a damaged one") from None
    check_directory(archive, limits=limits, what=what)
    return archive, office_kind(archive, what=what)


def check_directory(archive, *, limits, what):
    """Refuses encrypted members, too many members and zip bombs, reading only the zip directory."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise FileRejected(f"{what} holds {len(members)} files; an Office document has far fewer "
                           f"(limit {limits.max_members})")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise FileRejected(f"{what} is encrypted or password-protected; remove the password and upload it again")
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise FileRejected(f"{what} looks like a zip bomb: {member.filename} expands {ratio:.0f} times "
                               f"(limit {limits.max_ratio})")
    if total > limits.max_total:
        raise FileRejected(f"{what} expands to {total / MiB:.0f} MB; the limit is {limits.max_total / MiB:.0f} MB")


def office_kind(archive, *, what):
    """'docx' or 'xlsx', from [Content_Types].xml; macro-enabled and other Office files refused by name."""
    names = archive.namelist()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRejected(f"{what} contains macros (vbaProject.bin); save it as a plain .docx without macros")
    if CONTENT_TYPES not in names:
        raise FileRejected(f"{what} is a zip archive but not an Office document (no {CONTENT_TYPES})")
    types = content_types(archive, what=what)
    for content_type, label in MACRO_TYPES.items():
        if content_type in types:
            raise FileRejected(f"{what} is {label}; macros are not accepted, save it as a plain .docx")
    for content_type, kind in MAIN_TYPES.items():
        if content_type in types:
            return kind
    for content_type, label in OTHER_TYPES.items():
        if content_type in types:
            raise FileRejected(f"{what} is {label}, not a Word document (.docx)")
    raise FileRejected(f"{what} is a zip archive but not a Word document (.docx): it has no document part")


def content_types(archive, *, what):
    """Every content type that [Content_Types].xml declares (defaults and overrides)."""
    try:
        root = etree.fromstring(archive.read(CONTENT_TYPES), SAFE_PARSER)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError) as error:
        raise FileRejected(f"{what} is damaged: its {CONTENT_TYPES} cannot be read ({error})") from None
    return {element.get("ContentType") for element in root if element.get("ContentType")}


TEMPLATE_LIMITS = Limits()
