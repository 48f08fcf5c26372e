"""Query functions: each takes a session (keyword-only) and returns plain objects."""
