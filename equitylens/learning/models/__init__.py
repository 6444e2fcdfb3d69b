from equitylens.learning.models.claims import ClaimedCredit, CreditClaim
from equitylens.learning.models.codes import (
    AttendanceCode,
    CodeEntryAttempt,
    CodeKind,
    CodeSource,
)
from equitylens.learning.models.enrollments import Enrollment, EnrollmentStatus
from equitylens.learning.models.evaluations import Evaluation, EvaluationQuestion, QuestionKind
from equitylens.learning.models.modules import Choice, Module, ModuleKind, Question
from equitylens.learning.models.progress import ModuleProgress, QuizAttempt, Reflection

__all__ = [
    "AttendanceCode",
    "Choice",
    "ClaimedCredit",
    "CodeEntryAttempt",
    "CodeKind",
    "CodeSource",
    "CreditClaim",
    "Enrollment",
    "EnrollmentStatus",
    "Evaluation",
    "EvaluationQuestion",
    "Module",
    "ModuleKind",
    "ModuleProgress",
    "Question",
    "QuestionKind",
    "QuizAttempt",
    "Reflection",
]
