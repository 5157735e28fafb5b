"""Pages for logging in and out, the one-time code, signing up and e-mail verification. Each view
parses input, calls one service in `accounts.py`, `lockout.py` or `login/`, and renders the result."""
