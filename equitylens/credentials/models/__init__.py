from equitylens.credentials.models.certificates import Certificate, CertificateLayout
from equitylens.credentials.models.pars import (
    ParsBatch,
    ParsBatchKind,
    ParsBatchStatus,
    ParsRecord,
)

__all__ = [
    "Certificate",
    "CertificateLayout",
    "ParsBatch",
    "ParsBatchKind",
    "ParsBatchStatus",
    "ParsRecord",
]
