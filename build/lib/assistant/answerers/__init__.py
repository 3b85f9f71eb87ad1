"""Answerers: turn retrieved passages into cited statements. `extractive` is the default."""
