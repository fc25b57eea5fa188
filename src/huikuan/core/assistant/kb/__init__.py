"""Knowledge-base data files (one JSON list of entries per topic)."""
