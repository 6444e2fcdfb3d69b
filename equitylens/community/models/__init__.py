from equitylens.community.models.membership import (
    ApplicationStatus,
    CommunityMembership,
    Resource,
    ResourceKind,
)

__all__ = ["ApplicationStatus", "CommunityMembership", "Resource", "ResourceKind"]
