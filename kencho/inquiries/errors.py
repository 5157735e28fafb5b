"""Errors the inquiries services raise for a person to act on, in Japanese and English. They are
ProcedureErrors, so the API answers them in the project's error shape like every other module."""

from __future__ import annotations

from dataclasses import dataclass, field

from kencho.procedures.errors import ProcedureError

from .workbook import CellProblem


@dataclass
class SurveyError(ProcedureError):
    http_status: int = 409


def survey_error(code: str, ja: str, en: str, *, status: int = 409) -> SurveyError:
    return SurveyError(code, ja, en, http_status=status)


@dataclass
class WorkbookInvalid(Exception):
    """A workbook whose answers did not pass validation: every problem names its sheet and cell."""

    problems: list[CellProblem] = field(default_factory=list)
