"""Rules about people and organizations: profiles, memberships, roster imports, SSO."""
