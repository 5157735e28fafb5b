"""Surveys (照会) sent to units and municipalities, their answers (回答) and the aggregate."""
