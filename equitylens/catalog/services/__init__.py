"""Rules of the catalog: lifecycle, statements, credit offerings, visibility, contact."""
