"""The procedure stage."""
