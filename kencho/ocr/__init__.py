"""AI-OCR intake of paper forms: templates, batches, reading and the review queue."""
