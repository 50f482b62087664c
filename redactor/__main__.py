"""Allows `python -m redactor`."""
from redactor.cli import main

main()
