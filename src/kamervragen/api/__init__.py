"""The api stage."""
