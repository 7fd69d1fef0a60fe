"""Extraction: each parsed document becomes mentions, aliases, facts and events (see
kg.extract.document, the per-document stage)."""
