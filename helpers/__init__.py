"""Baking projects, for the template's tests and its benchmark (`helpers.baking`)."""
