"""Kamervragen: the Dutch written parliamentary questions procedure as linked, searchable records."""

__version__ = "0.1.0"
