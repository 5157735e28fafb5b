"""Offline Japanese AI helpers for staff and residents: FAQ chatbot, proofreading and meeting
minutes. Everything runs on the machine: no external AI service, no model download at run time."""
