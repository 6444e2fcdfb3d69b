"""People, their profiles and the organizations they belong to."""

from equitylens.accounts.models.organizations import (
    Membership,
    MembershipRole,
    MembershipSource,
    Organization,
    OrganizationDomain,
    OrganizationKind,
    RosterImport,
)
from equitylens.accounts.models.people import (
    BoardCertification,
    CertifyingBoard,
    Credential,
    Licence,
    Profession,
    User,
)

__all__ = [
    "BoardCertification",
    "CertifyingBoard",
    "Credential",
    "Licence",
    "Membership",
    "MembershipRole",
    "MembershipSource",
    "Organization",
    "OrganizationDomain",
    "OrganizationKind",
    "Profession",
    "RosterImport",
    "User",
]
