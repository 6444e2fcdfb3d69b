"""Health Equity M&M models, one module per concept."""

from equitylens.casereview.models.access import (
    AccessAction,
    AccessOutcome,
    AppendOnlyError,
    CaseAccess,
)
from equitylens.casereview.models.cases import (
    EQUITY_TAGS,
    Case,
    CaseFactor,
    CaseStatus,
    CaseTransition,
    FactorLevel,
    PurgedCase,
    SubmissionKind,
)
from equitylens.casereview.models.conference import (
    ActionItem,
    ActionLevel,
    ActionStatus,
    AgendaItem,
    ConferenceSession,
    ConferenceStatus,
    DiscussionTheme,
    SurveyResponse,
)
from equitylens.casereview.models.readiness import ReadinessAssessment, ReadinessLevel
from equitylens.casereview.models.series import (
    DEFAULT_FRAMING_QUESTIONS,
    CaseSeries,
    ReviewBodyMember,
    ReviewRole,
)

__all__ = [
    "DEFAULT_FRAMING_QUESTIONS",
    "EQUITY_TAGS",
    "AccessAction",
    "AccessOutcome",
    "ActionItem",
    "ActionLevel",
    "ActionStatus",
    "AgendaItem",
    "AppendOnlyError",
    "Case",
    "CaseAccess",
    "CaseFactor",
    "CaseSeries",
    "CaseStatus",
    "CaseTransition",
    "ConferenceSession",
    "ConferenceStatus",
    "DiscussionTheme",
    "FactorLevel",
    "PurgedCase",
    "ReadinessAssessment",
    "ReadinessLevel",
    "ReviewBodyMember",
    "ReviewRole",
    "SubmissionKind",
    "SurveyResponse",
]
