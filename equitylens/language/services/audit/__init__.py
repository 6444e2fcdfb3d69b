"""Clinical-note audit: negative patient descriptors by patient group (issue 7)."""
