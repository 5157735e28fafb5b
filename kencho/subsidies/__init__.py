"""Subsidy programmes (Jグランツ-style): calls, eligibility, scoring, budget and the stages of a case."""
