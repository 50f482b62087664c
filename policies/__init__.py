"""Built-in redaction policies shipped as package data (foi.yaml and examples)."""
