"""Staff pages of electronic approval."""
