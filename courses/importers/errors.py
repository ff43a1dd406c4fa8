"""What an importer raises for a document it cannot import."""


class DocumentError(ValueError):
    """The document cannot be imported; the message says why in words a user understands."""
