"""The translations: ``<lang>/*.ftl`` Fluent files, shipped as package data."""
