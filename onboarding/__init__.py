"""Onboarding a commune: its reference data loaded into territory, land_use, heritage and mapping.

The one package allowed to import every app, because loading a commune touches them all; the
apps themselves point down only (see the import contract in pyproject.toml).
"""
