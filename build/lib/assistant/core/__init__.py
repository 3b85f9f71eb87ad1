"""The retrieval chain every face calls, and what it shares: follow-ups, document naming, text rules."""
