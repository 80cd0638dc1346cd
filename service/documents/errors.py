"""The documents domain's exceptions: one tree, each message says what to fix."""

from ..errors import ServiceError


class DocumentError(ServiceError):
    """Base class of the documents domain."""

    status, code = 422, "document_invalid"


class FileRejected(DocumentError):
    """An upload that is not what it claims, or not acceptable at all (corrupt, macro, zip bomb, wrong type)."""

    code = "file_rejected"


class FileTooLarge(FileRejected):
    """An upload over the size limit."""

    status, code = 413, "file_too_large"


class TemplateInvalid(DocumentError):
    """A template that does not parse, or uses fields Pactum does not provide; `problems` lists each one."""

    code = "template_invalid"

    def __init__(self, message, *, problems=()):
        super().__init__(message)
        self.problems = tuple(problems) or (message,)


class ContextInvalid(DocumentError):
    """Contract data that cannot go into a document (an amount out of range, a date that is not a date)."""

    code = "document_data_invalid"


class RenderFailed(DocumentError):
    """A template that failed while being filled."""

    code = "render_failed"


class ClauseLibraryInvalid(DocumentError):
    """A clause library whose clauses, variants or conditions are malformed."""

    code = "clause_library_invalid"


class ConverterMissing(DocumentError):
    """No document converter (LibreOffice) is installed on the server."""

    status, code = 503, "converter_missing"


class ConversionFailed(DocumentError):
    """The converter ran but produced no file, or took too long."""

    status, code = 502, "conversion_failed"


class StoredFileMissing(DocumentError):
    """A stored file that is not on disk."""

    status, code = 404, "stored_file_missing"


class Tampered(DocumentError):
    """A stored file whose content no longer matches its SHA-256: it was changed on disk."""

    status, code = 500, "stored_file_tampered"

    def __init__(self, message, *, path):
        super().__init__(message)
        self.path = path
