"""redactor: redaction and disclosure checking for UK FOI responses."""

__version__ = "0.1.0"
