"""Bundled policy packs (JSON); a package so the files ship in wheels."""
