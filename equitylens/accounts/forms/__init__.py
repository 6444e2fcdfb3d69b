"""Forms: they read and shape what people type; the rules live in accounts.services."""
